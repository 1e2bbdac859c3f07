using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Trainer.Services;

/// <summary>
/// Reads training sets from the feature store: as the user who asked for the run (the feature store decides with the user's
/// scopes, features:read), else as the trainer in the tenant (a retraining command).
/// </summary>
public sealed class FeatureStoreClient(HttpClient http)
{
    /// <summary>Rows per page read; the feature store answers at most 10,000.</summary>
    public const int PageRows = 10_000;

    /// <summary>The set and its lineage (id, featureService, featureServiceVersion, definition, rows).</summary>
    /// <exception cref="TrainingDataUnavailableException">The tenant has no such set, or the caller may not read it.</exception>
    public async Task<JsonElement> GetAsync(string tenant, Guid id, CallerIdentity? onBehalfOf, CancellationToken cancellationToken) =>
        await SendAsync(tenant, $"training-sets/{id}", id, onBehalfOf, cancellationToken);

    /// <summary>A page of the set's rows, in entity-row order: "rows" and "next" (null after the last page).</summary>
    public async Task<JsonElement> RowsAsync(string tenant, Guid id, int offset, CallerIdentity? onBehalfOf, CancellationToken cancellationToken) =>
        await SendAsync(tenant, string.Create(CultureInfo.InvariantCulture, $"training-sets/{id}/rows?offset={offset}&limit={PageRows}"), id, onBehalfOf,
            cancellationToken);

    private async Task<JsonElement> SendAsync(string tenant, string path, Guid id, CallerIdentity? onBehalfOf, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await http.SendAsync(onBehalfOf is null ? request.AsService(tenant) : request.OnBehalfOf(onBehalfOf), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new TrainingDataUnavailableException($"The tenant has no training set '{id}' in the feature store.", "data.trainingSet");
        }
        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            throw new TrainingDataUnavailableException(
                $"Training on training set '{id}' reads it from the feature store as the caller: the key needs the features:read scope.", "data.trainingSet")
            {
                Status = StatusCodes.Status403Forbidden,
            };
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the feature store answered {(int)response.StatusCode} to GET /{path}", null, response.StatusCode);
        }
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }
}
