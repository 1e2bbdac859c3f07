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

    /// <summary>Starts the canary analysis of the model's challenger with the given judging settings (absent ones are inference's defaults).</summary>
    public Task<CallResult> StartRolloutAsync(string tenant, string model, IReadOnlyDictionary<string, System.Text.Json.JsonElement> settings,
        CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"deployments/{Uri.EscapeDataString(model)}/rollout") { Content = JsonContent.Create(settings) }
            .AsService(tenant);
        return clients.CreateClient(HttpClientName).SendAsync("inference", request, cancellationToken);
    }

    /// <summary>The model's current (or last) rollout.</summary>
    public Task<CallResult> GetRolloutAsync(string tenant, string model, CancellationToken cancellationToken) =>
        clients.CreateClient(HttpClientName).SendAsync("inference",
            new HttpRequestMessage(HttpMethod.Get, $"deployments/{Uri.EscapeDataString(model)}/rollout").AsService(tenant), cancellationToken);
}
