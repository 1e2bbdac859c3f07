using MlOps.ServiceDefaults.Identity;

namespace MlOps.Incident.Calls;

/// <summary>Ingest's pipeline switches, called under incident's own identity in the incident's tenant (pausing twice is harmless).</summary>
public sealed class IngestClient(IHttpClientFactory clients)
{
    public const string HttpClientName = "incident-ingest";

    public Task<CallResult> SetPausedAsync(string tenant, string pipeline, bool paused, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"pipelines/{Uri.EscapeDataString(pipeline)}/{(paused ? "pause" : "resume")}").AsService(tenant);
        return clients.CreateClient(HttpClientName).SendAsync("ingest", request, cancellationToken);
    }
}
