using MlOps.TestSupport;

namespace MlOps.Drift.Tests;

/// <summary>
/// The drift service on its own database and virtual host (not the monitoring tests' "drift": two services consuming the same
/// queues would take each other's prediction batches), with a small compare limit so 413 is cheap to provoke.
/// </summary>
public sealed class DriftServiceFixture : IAsyncLifetime
{
    public ServiceFactory<MlOps.Drift.Model.DriftReportResponse> Service { get; } = new("driftdb", new Dictionary<string, string>
    {
        ["MlOps:Drift:MaxCompareBodyBytes"] = "2000000",
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
