using MlOps.Registry.Model;
using MlOps.Services.FunctionalTests.Infrastructure;

namespace MlOps.Services.FunctionalTests.Registry;

/// <summary>
/// A registry with its own artifact folder and a 1 MiB artifact limit, so size refusals are cheap to test; webhooks may
/// reach loopback, as in development, so they can be delivered to local receivers.
/// </summary>
public class RegistryFixture : IAsyncLifetime
{
    public const long MaxArtifactBytes = 1024 * 1024;

    public string ArtifactRoot { get; } = Path.Combine(Path.GetTempPath(), "mlops-registry-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public ServiceFactory<RegisteredModelResponse> Registry { get; private set; } = null!;

    /// <summary>MlOps:Outbound:Allow: what webhooks may reach besides public addresses.</summary>
    protected virtual IReadOnlyList<string> OutboundAllow => ["127.0.0.0/8", "::1/128"];

    public virtual ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["MlOps:Registry:ArtifactRoot"] = ArtifactRoot,
            ["MlOps:Registry:MaxArtifactBytes"] = MaxArtifactBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MlOps:Registry:Webhooks:FirstRetryDelay"] = "00:00:00.200",
            ["MlOps:Registry:Webhooks:PollInterval"] = "00:00:00.050",
            ["MlOps:Registry:Webhooks:MaxAttempts"] = "3",
        };
        for (var i = 0; i < OutboundAllow.Count; i++)
        {
            settings[$"MlOps:Outbound:Allow:{i}"] = OutboundAllow[i];
        }
        Registry = new ServiceFactory<RegisteredModelResponse>("registrydb", settings);
        Registry.CreateClient().Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A client for a tenant's key that reads the registry and holds the given scopes, as the gateway would sign it.</summary>
    public HttpClient Client(string tenant, params string[] scopes) => Registry.CreateClient().Authorize(tenant, ["registry:read", .. scopes]);

    public virtual async ValueTask DisposeAsync()
    {
        await Registry.DisposeAsync();
        Directory.Delete(ArtifactRoot, recursive: true);
    }
}
