using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.ServiceDefaults.Identity;
using MlOps.Trainer.Model;
using MlOps.Trainer.Training;

namespace MlOps.Trainer.Services;

/// <summary>The registry calls the trainer makes: under its own service identity in the tenant it trains for, or as the user who asked.</summary>
public sealed class RegistryClient(HttpClient http)
{
    public async Task<bool> HasChampionAsync(string tenant, string model, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(Request(HttpMethod.Get, $"models/{model}/aliases/champion", tenant), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        await EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    /// <summary>The current champion's version and ONNX bytes, or null when the model has none; read as the trainer in the tenant.</summary>
    public async Task<(int Version, byte[] Onnx)?> ChampionAsync(string tenant, string model, CancellationToken cancellationToken)
    {
        using var alias = await http.SendAsync(Request(HttpMethod.Get, $"models/{model}/aliases/champion", tenant), cancellationToken);
        if (alias.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await EnsureSuccessAsync(alias, cancellationToken);
        var version = (await alias.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["version"]!.GetValue<int>();
        using var artifact = await http.SendAsync(Request(HttpMethod.Get, $"models/{model}/versions/{version}/artifact", tenant), cancellationToken);
        await EnsureSuccessAsync(artifact, cancellationToken);
        return (version, await artifact.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    public async Task EnsureModelAsync(string tenant, string model, string description, CallerIdentity? onBehalfOf, CancellationToken cancellationToken)
    {
        var request = Request(HttpMethod.Post, "models", tenant, onBehalfOf);
        request.Content = JsonContent.Create(new { name = model, description, tags = new Dictionary<string, string> { ["owner"] = "trainer" } });
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            await EnsureSuccessAsync(response, cancellationToken);
        }
    }

    /// <summary>The warehouse data the model's latest version was trained on, or null (no model, no version, or the demo data).</summary>
    /// <remarks>Read as the trainer in the tenant: a key allowed to train need not hold registry:read.</remarks>
    public async Task<TrainingDataLineage?> LatestTrainingDataAsync(string tenant, string model, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(Request(HttpMethod.Get, $"models/{model}", tenant), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await EnsureSuccessAsync(response, cancellationToken);
        if ((await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["latestVersion"]?.GetValue<int>() is not { } latest)
        {
            return null;
        }
        using var version = await http.SendAsync(Request(HttpMethod.Get, $"models/{model}/versions/{latest}", tenant), cancellationToken);
        await EnsureSuccessAsync(version, cancellationToken);
        var recorded = (await version.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["params"]?[TrainingDataLineage.ParamName]?.GetValue<string>();
        return recorded is null ? null : JsonSerializer.Deserialize<TrainingDataLineage>(recorded, JsonSerializerOptions.Web);
    }

    public async Task<int> RegisterVersionAsync(string tenant, string model, TrainedModel trained, TrainingDataLineage? data, Guid runId,
        CallerIdentity? onBehalfOf, CancellationToken cancellationToken)
    {
        var parameters = new Dictionary<string, string>(trained.Params);
        if (data is not null)
        {
            // The registry's lineage holds a dataset id and version; a warehouse reference is recorded whole as a param.
            parameters[TrainingDataLineage.ParamName] = JsonSerializer.Serialize(data, JsonSerializerOptions.Web);
        }
        var metadata = new JsonObject
        {
            ["description"] = $"Trained by the trainer, run {runId}",
            ["tags"] = new JsonObject { ["training_run"] = runId.ToString() },
            ["metrics"] = JsonSerializer.SerializeToNode(trained.Metrics),
            ["params"] = JsonSerializer.SerializeToNode(parameters),
            // A version trained on a training set names its feature service (inference fills entity-keyed requests from it) and the
            // set (drift compares served features with it).
            ["lineage"] = new JsonObject
            {
                ["codeRevision"] = typeof(RegistryClient).Assembly.GetName().Version?.ToString(),
                ["featureService"] = data?.TrainingSet?.FeatureService,
                ["trainingSet"] = data?.TrainingSet?.Id,
            },
            ["inputExample"] = trained.InputExample.DeepClone(),
            ["referenceProfile"] = trained.Profile.DeepClone(),
        };
        var content = new MultipartFormDataContent
        {
            { new StringContent(metadata.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), "metadata" },
        };
        var artifact = new ByteArrayContent(trained.Onnx);
        artifact.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(artifact, "artifact", $"{model}.onnx");
        var request = Request(HttpMethod.Post, $"models/{model}/versions", tenant, onBehalfOf);
        request.Content = content;
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["version"]!.GetValue<int>();
    }

    /// <summary>Asks for champion through the gate; returns null when promoted, else the gate's reason.</summary>
    public async Task<string?> PromoteAsync(string tenant, string model, int version, CallerIdentity? onBehalfOf, CancellationToken cancellationToken)
    {
        var request = Request(HttpMethod.Put, $"models/{model}/aliases/champion", tenant, onBehalfOf);
        request.Content = JsonContent.Create(new { version });
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
        {
            return (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["detail"]?.GetValue<string>() ?? "promotion gate failed";
        }
        await EnsureSuccessAsync(response, cancellationToken);
        return null;
    }

    /// <summary>Points challenger at the version: where a retrained model waits for the canary (or a person) to promote it through the gate.</summary>
    public async Task MoveChallengerAsync(string tenant, string model, int version, CallerIdentity? onBehalfOf, CancellationToken cancellationToken)
    {
        var request = Request(HttpMethod.Put, $"models/{model}/aliases/challenger", tenant, onBehalfOf);
        request.Content = JsonContent.Create(new { version });
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    // As the user who started the run when there is one (the registry decides with the user's scopes), else as the trainer.
    private static HttpRequestMessage Request(HttpMethod method, string path, string tenant, CallerIdentity? onBehalfOf = null) =>
        onBehalfOf is null ? new HttpRequestMessage(method, path).AsService(tenant) : new HttpRequestMessage(method, path).OnBehalfOf(onBehalfOf);

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new RegistryCallException($"registry answered {(int)response.StatusCode} to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {body}");
        }
    }
}
