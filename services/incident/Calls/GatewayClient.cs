using System.Net.Http.Json;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Incident.Calls;

/// <summary>The gateway's virtual keys, changed under incident's own identity (llm:keys, its tenant's keys only); a PATCH repeats harmlessly.</summary>
public sealed class GatewayClient(IHttpClientFactory clients)
{
    public const string HttpClientName = "incident-gateway";

    public Task<CallResult> UpdateLlmKeyAsync(string tenant, Guid keyId, object change, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"admin/llm-keys/{keyId}") { Content = JsonContent.Create(change) }.AsService(tenant);
        return clients.CreateClient(HttpClientName).SendAsync("gateway", request, cancellationToken);
    }
}
