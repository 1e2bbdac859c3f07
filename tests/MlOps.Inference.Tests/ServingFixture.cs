using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Inference.Loading;
using MlOps.Trainer.Training;

namespace MlOps.Inference.Tests;

/// <summary>
/// A registry and an inference service wired as in production: inference fetches artifacts from the registry over HTTP
/// (the registry's in-memory server) and hears alias moves over RabbitMQ (the "inference" virtual host). Two demo model
/// versions are trained once with the real trainer code.
/// </summary>
public sealed class ServingFixture : IAsyncLifetime
{
    public string ArtifactRoot { get; } = TempDirectory("artifacts");
    public string JobRoot { get; } = TempDirectory("jobs");
    public string ModelCache { get; } = TempDirectory("models");

    public ServiceFactory<MlOps.Registry.Model.RegisteredModelResponse> Registry { get; private set; } = null!;
    public ServiceFactory<MlOps.Inference.Model.DeploymentResponse> Inference { get; private set; } = null!;

    /// <summary>The demo model as the trainer builds it, and a smaller variant that scores differently.</summary>
    public byte[] DemoV1 { get; } = DemoTraining.Train(new TrainingOptions()).Onnx;
    public byte[] DemoV2 { get; } = DemoTraining.Train(new TrainingOptions { NumberOfIterations = 20, NumberOfLeaves = 8 }).Onnx;

    public ValueTask InitializeAsync()
    {
        Registry = new ServiceFactory<MlOps.Registry.Model.RegisteredModelResponse>("registrydb", new Dictionary<string, string>
        {
            ["MlOps:Registry:ArtifactRoot"] = ArtifactRoot,
        }, virtualHost: "inference");
        Registry.CreateClient().Dispose();
        Inference = StartInference(databaseName: null, virtualHost: "inference");
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// An inference instance; pass the database of a stopped one to restart it on the same data. With a tenant, it serves
    /// that tenant's demo model from the start, resolved from the registry (as the configured demo model is in production).
    /// Extra instances listen on their own virtual host: on the registry's, their alias-change queue would be the shared
    /// fixture's, and they would take (or, once disposed, fault) the alias moves meant for it.
    /// </summary>
    public ServiceFactory<MlOps.Inference.Model.DeploymentResponse> StartInference(string? databaseName, string? tenant = null,
        IReadOnlyDictionary<string, string>? overrides = null, bool keepDatabase = false, string virtualHost = "inference-side")
    {
        var settings = new Dictionary<string, string>
        {
            ["MlOps:Inference:RegistryUrl"] = "http://localhost",
            ["MlOps:Inference:ResolveModelsOnStart"] = tenant is null ? "false" : "true",
            ["MlOps:Inference:Models:0"] = $"{tenant}/{DemoRequests.Model}",
            ["MlOps:Inference:ModelCache"] = ModelCache,
            ["MlOps:Inference:ReconcileInterval"] = "00:00:02",
            // A short wait for company makes coalescing observable with a handful of concurrent requests.
            ["MlOps:Inference:Batching:MaxQueueDelay"] = "00:00:00.002",
            ["MlOps:Inference:Jobs:Root"] = JobRoot,
            ["MlOps:Inference:Jobs:ChunkRows"] = "2000",
            ["MlOps:Inference:Jobs:SliceRows"] = "500",
            ["MlOps:Inference:Jobs:Lease"] = "00:00:02",
            ["MlOps:Inference:Jobs:PollInterval"] = "00:00:00.100",
            // Small enough for a test to write a line over it and more bad rows than are listed.
            ["MlOps:Inference:Jobs:MaxLineLength"] = "4096",
            ["MlOps:Inference:Jobs:MaxSkippedRowsListed"] = "5",
            ["MlOps:Inference:PredictionLog:MaxRowsPerEvent"] = "100",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        var inference = new ServiceFactory<MlOps.Inference.Model.DeploymentResponse>("inferencedb", settings, virtualHost, services: services =>
            services.AddHttpClient<RegistryModelSource>().ConfigurePrimaryHttpMessageHandler(() => Registry.Server.CreateHandler()),
            databaseName: databaseName)
        {
            DropDatabaseOnDispose = !keepDatabase,
        };
        inference.CreateClient().Dispose();
        return inference;
    }

    public HttpClient Client(string tenant) => Client(Inference, tenant);

    /// <summary>A client of the given inference instance (the shared one or one from <see cref="StartInference"/>) for a tenant.</summary>
    public static HttpClient Client(ServiceFactory<MlOps.Inference.Model.DeploymentResponse> inference, string tenant)
    {
        var client = inference.CreateClient();
        client.Authorize(tenant);
        return client;
    }

    /// <summary>A registry client for a tenant with every registry scope, as the gateway forwards an admin key.</summary>
    public HttpClient RegistryClient(string tenant)
    {
        var client = Registry.CreateClient();
        client.Authorize(tenant);
        return client;
    }

    /// <summary>Registers a version (creating the model on first use) and returns its number.</summary>
    public async Task<int> RegisterAsync(string tenant, string model, byte[] onnx)
    {
        using var registry = RegistryClient(tenant);
        await registry.PostAsJsonAsync("/models", new { name = model }, TestContext.Current.CancellationToken);
        // Evaluation metrics, which the registry's readiness gate wants before champion.
        var content = new MultipartFormDataContent { { new StringContent("""{"metrics":{"auc":0.9}}""", System.Text.Encoding.UTF8, "application/json"), "metadata" } };
        var artifact = new ByteArrayContent(onnx);
        artifact.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(artifact, "artifact", "model.onnx");
        var response = await registry.PostAsync($"/models/{model}/versions", content, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("version").GetInt32();
    }

    /// <summary>Points an alias at a version; for champion, first records the load test the readiness gate wants (these tests are about serving).</summary>
    public async Task SetAliasAsync(string tenant, string model, string alias, int version)
    {
        using var registry = RegistryClient(tenant);
        if (alias == "champion")
        {
            var loadTest = await registry.PostAsJsonAsync($"/models/{model}/versions/{version}/load-tests",
                new { source = "load-test", requests = 1000, errorRate = 0.0, p99Milliseconds = 20.0 }, TestContext.Current.CancellationToken);
            loadTest.EnsureSuccessStatusCode();
        }
        var response = await registry.PutAsJsonAsync($"/models/{model}/aliases/{alias}", new { version }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Moves champion past the registry's gate as an admin override: how a version the gate refuses can still reach inference.</summary>
    public async Task OverrideChampionAsync(string tenant, string model, int version, string reason)
    {
        using var registry = RegistryClient(tenant);
        var response = await registry.PutAsJsonAsync($"/models/{model}/aliases/champion", new { version, @override = new { reason } },
            TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Registers, promotes to champion and waits until inference serves it.</summary>
    public async Task<int> DeployAsync(string tenant, string model, byte[] onnx)
    {
        var version = await RegisterAsync(tenant, model, onnx);
        await SetAliasAsync(tenant, model, "champion", version);
        await WaitServedAsync(tenant, model, version);
        return version;
    }

    public async Task WaitServedAsync(string tenant, string model, int version, TimeSpan? timeout = null)
    {
        using var client = Client(tenant);
        await WaitServedAsync(client, model, version, timeout);
    }

    public async Task WaitServedAsync(HttpClient client, string model, int version, TimeSpan? timeout = null) =>
        await Eventually.WaitAsync(async () => (await client.GetAsync($"/v2/models/{model}/versions/{version}/ready", TestContext.Current.CancellationToken)).StatusCode,
            status => status == System.Net.HttpStatusCode.OK, $"{model} v{version} to be served", timeout);

    public async ValueTask DisposeAsync()
    {
        await Inference.DisposeAsync();
        await Registry.DisposeAsync();
        foreach (var directory in new[] { ArtifactRoot, JobRoot, ModelCache })
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string TempDirectory(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlops-inference-tests-{name}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(path);
        return path;
    }
}
