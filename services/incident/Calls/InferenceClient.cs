using System.Net.Http.Json;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Incident.Calls;

/// <summary>Inference's traffic split, called under incident's own identity (a PUT: setting it again is harmless).</summary>
public sealed class InferenceClient(IHttpClientFactory clients)
{
    public const string HttpClientName = "incident-inference";

    public Task<CallResult> SetTrafficAsync(string tenant, string model, double canaryPercent, bool shadow, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"deployments/{Uri.EscapeDataString(model)}/traffic")
        {
            Content = JsonContent.Create(new { canaryPercent, shadow }),
        }.AsService(tenant);
        return clients.CreateClient(HttpClientName).SendAsync("inference", request, cancellationToken);
    }
}
