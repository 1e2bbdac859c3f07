using MlOps.TestSupport;

namespace MlOps.Drift.Tests;

/// <summary>
/// The drift service on its own database and virtual host (not the monitoring tests' "drift": two services consuming the same
/// queues would take each other's prediction batches), with small compare and embedding limits so 413 is cheap to provoke.
/// </summary>
public sealed class DriftServiceFixture : IAsyncLifetime
{
    public const int MaxEmbeddingVectors = 200;
    public const int MaxEmbeddingValues = 2000;

    public ServiceFactory<MlOps.Drift.Model.DriftReportResponse> Service { get; } = new("driftdb", new Dictionary<string, string>
    {
        ["MlOps:Drift:MaxCompareBodyBytes"] = "2000000",
        ["MlOps:Drift:MaxEmbeddingVectorsPerSide"] = $"{MaxEmbeddingVectors}",
        ["MlOps:Drift:MaxEmbeddingValuesPerSide"] = $"{MaxEmbeddingValues}",
        ["MlOps:Drift:EmbeddingSampleVectorsPerSide"] = "100",
        ["MlOps:Drift:RegistryUrl"] = "http://localhost",
    }, virtualHost: "drift-compare");

    public HttpClient Client()
    {
        var client = Service.CreateClient();
        client.Authorize("drift-tests");
        return client;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => Service.DisposeAsync();
}
