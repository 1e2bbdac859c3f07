using MlOps.Registry.Model;
using MlOps.Services.FunctionalTests.Infrastructure;

namespace MlOps.Services.FunctionalTests.Registry;

/// <summary>A registry with its own artifact folder and a 1 MiB artifact limit, so size refusals are cheap to test.</summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    public const long MaxArtifactBytes = 1024 * 1024;

    public string ArtifactRoot { get; } = Path.Combine(Path.GetTempPath(), "mlops-registry-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public ServiceFactory<RegisteredModelResponse> Registry { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Registry = new ServiceFactory<RegisteredModelResponse>("registrydb", new Dictionary<string, string>
        {
            ["MlOps:Registry:ArtifactRoot"] = ArtifactRoot,
            ["MlOps:Registry:MaxArtifactBytes"] = MaxArtifactBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MlOps:Registry:Webhooks:FirstRetryDelay"] = "00:00:00.200",
            ["MlOps:Registry:Webhooks:PollInterval"] = "00:00:00.050",
            ["MlOps:Registry:Webhooks:MaxAttempts"] = "3",
        });
        Registry.CreateClient().Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A client for a tenant's key that reads the registry and holds the given scopes, as the gateway would sign it.</summary>
    public HttpClient Client(string tenant, params string[] scopes) => Registry.CreateClient().Authorize(tenant, ["registry:read", .. scopes]);

    public async ValueTask DisposeAsync()
    {
        await Registry.DisposeAsync();
        Directory.Delete(ArtifactRoot, recursive: true);
    }
}
