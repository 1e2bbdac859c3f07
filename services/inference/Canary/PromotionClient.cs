using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Inference.Canary;

/// <summary>
/// The registry calls that end a passed canary: record its measured figures as the version's load-test result, then ask for
/// champion through the registry's gate. Sent under inference's own identity in the rollout's tenant (the starter's authority
/// to promote was checked when the rollout started; their short-lived token is not kept).
/// </summary>
public sealed class PromotionClient(HttpClient http)
{
    /// <summary>Null when recorded, else the registry's refusal; throws <see cref="HttpRequestException"/> when it may succeed later.</summary>
    public async Task<string?> RecordLoadTestAsync(Rollout rollout, StepFigures figures, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"models/{rollout.ModelName}/versions/{rollout.ChallengerVersion}/load-tests").AsService(rollout.TenantId);
        request.Content = JsonContent.Create(new
        {
            source = "canary",
            requests = figures.Requests,
            errorRate = figures.ErrorRate ?? 0,
            p99Milliseconds = figures.P99Milliseconds ?? 0,
            rolloutId = rollout.Id.ToString(),
        });
        return await SendAsync(request, cancellationToken);
    }

    /// <summary>Null when the challenger is champion now, else the gate's (or registry's) refusal.</summary>
    public async Task<string?> PromoteAsync(Rollout rollout, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"models/{rollout.ModelName}/aliases/champion").AsService(rollout.TenantId);
        request.Content = JsonContent.Create(new { version = rollout.ChallengerVersion });
        return await SendAsync(request, cancellationToken);
    }

    private async Task<string?> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await http.SendAsync(request, cancellationToken))
        {
            if (response.IsSuccessStatusCode)
            {
                return null;
            }
            var code = (int)response.StatusCode;
            if (code >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
            {
                throw new HttpRequestException($"the registry answered {code} to {request.Method} {request.RequestUri}", null, response.StatusCode);
            }
            return $"the registry refused {request.Method} {request.RequestUri} with {code}: {await DetailAsync(response, cancellationToken)}";
        }
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return JsonNode.Parse(body)?["detail"]?.GetValue<string>() ?? body;
        }
        catch (System.Text.Json.JsonException)
        {
            return body.Length > 500 ? body[..500] : body;
        }
    }
}
