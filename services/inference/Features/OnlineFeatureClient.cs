using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Inference.Serving;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Inference.Features;

/// <summary>
/// The feature store's online lookup, sent with the caller's own token: the feature store decides with the caller's scopes
/// (features:read) and tenant, so a key that may predict but not read features gets no features through a prediction.
/// </summary>
public sealed class OnlineFeatureClient(HttpClient http)
{
    /// <summary>
    /// Hybrid serving: the instances ({"instances": [...]}) that name an entity, filled with what they leave out from the leased
    /// version's feature service; null when the version has none or no instance names an entity.
    /// </summary>
    public async Task<JsonDocument?> FillAsync(JsonElement root, ServingLease lease, CallerIdentity caller, CancellationToken cancellationToken)
    {
        if (lease.Model.FeatureService is not { } featureService || EntityKeyedInstances.Split(root, lease.Contract) is not { } lookup)
        {
            return null;
        }
        var results = await LookupAsync(caller, featureService, lookup.Entities, cancellationToken);
        return EntityKeyedInstances.Fill(root, lookup, results, lease.Contract, featureService);
    }

    /// <summary>The lookup's answer ("results", one per entity in order, and "joinKeys"); a refusal the caller can fix is an <see cref="InferenceInputException"/>.</summary>
    public async Task<JsonElement> LookupAsync(CallerIdentity caller, string featureService, JsonArray entities, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "online-features").OnBehalfOf(caller);
        request.Content = JsonContent.Create(new JsonObject { ["featureService"] = featureService, ["entities"] = entities });
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        // Unreachable, timed out (the resilience handler's own timeout included) or the circuit open: the store is down, not the request wrong.
        catch (Exception e) when (e is HttpRequestException or Polly.ExecutionRejectedException or IOException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ModelUnavailableException(StatusCodes.Status503ServiceUnavailable, $"the feature store could not be reached for feature service '{featureService}': {e.Message}")
            {
                RetryAfterSeconds = 5,
            };
        }
        using (response)
        {
            var body = await ReadAsync(response, cancellationToken);
            if (response.IsSuccessStatusCode && body.ValueKind == JsonValueKind.Object && body.TryGetProperty("results", out _))
            {
                return body;
            }
            var detail = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("detail", out var d) ? d.GetString() : null;
            if (response.StatusCode is HttpStatusCode.Forbidden)
            {
                throw new ModelUnavailableException(StatusCodes.Status403Forbidden,
                    $"predicting by entity key reads feature service '{featureService}': the key needs the features:read scope");
            }
            if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Conflict)
            {
                throw new InferenceInputException($"the feature store refused the lookup in feature service '{featureService}': {detail ?? response.ReasonPhrase}");
            }
            throw new ModelUnavailableException(StatusCodes.Status503ServiceUnavailable, $"the feature store answered {(int)response.StatusCode} for feature service '{featureService}'")
            {
                RetryAfterSeconds = 5,
            };
        }
    }

    // A body that is not JSON (a proxy's error page) reads as nothing: the status decides.
    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
