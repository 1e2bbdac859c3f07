using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Contracts;
using MlOps.Drift.Monitoring;
using MlOps.Drift.Skew;
using MlOps.TestSupport;

namespace MlOps.Drift.Tests;

/// <summary>
/// Training–serving skew on real parts: a feature store over a warehouse of crafted rows builds the training set (2,000
/// customers: spend ~ N(50, 10), visits ~ N(20, 5), segment retail/business/student 50/30/20 %), the registry holds a version
/// whose lineage names it, and logged predictions go through RabbitMQ into drift's windows. The served spend is drawn from
/// N(65, 10), a shift of 1.5 standard deviations; visits and segment from the training distributions with other seeds. Drift's
/// defaults decide (2,000 reference rows: Wasserstein distance normed, 0.1; Jensen–Shannon, 0.1).
/// </summary>
public sealed class SkewTests : IAsyncLifetime
{
    private const int Customers = 2000;
    private const int BatchRows = 250;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private readonly string _tenant = "t" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _artifacts = Path.Combine(Path.GetTempPath(), "mlops-skew-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private ReadOnlyWarehouse _warehouse = null!;
    private ServiceFactory<MlOps.Registry.Model.RegisteredModelResponse> _registry = null!;
    private ServiceFactory<MlOps.FeatureStore.FeatureStoreOptions> _featureStore = null!;
    private ServiceFactory<MlOps.Drift.Model.DriftReportResponse> _drift = null!;
    private MessageCollector<DriftDetected> _bus = null!;

    public async ValueTask InitializeAsync()
    {
        _warehouse = await ReadOnlyWarehouse.CreateAsync("skewwarehouse", Cancel);
        _registry = new("registrydb", new Dictionary<string, string> { ["MlOps:Registry:ArtifactRoot"] = _artifacts }, virtualHost: "drift");
        _featureStore = new("featurestoredb", new Dictionary<string, string>
        {
            ["ConnectionStrings:warehouse"] = _warehouse.ReadOnlyConnectionString,
            ["MlOps:FeatureStore:MaterializationInterval"] = "00:00:00",
            ["MlOps:Messaging:EndpointPrefix"] = $"f{Guid.NewGuid():N}"[..9],
        }, virtualHost: "drift");
        _drift = new("driftdb", new Dictionary<string, string>
        {
            ["MlOps:Drift:RegistryUrl"] = "http://localhost",
            ["MlOps:Drift:FeatureStoreUrl"] = "http://localhost",
            ["MlOps:Drift:WindowRows"] = "1000",
            ["MlOps:Drift:SweepInterval"] = "00:00:00.200",
            // Its own queues: the monitoring tests' drift on this virtual host keeps its batches, this one gets a copy of each.
            ["MlOps:Messaging:EndpointPrefix"] = $"s{Guid.NewGuid():N}"[..9],
        }, virtualHost: "drift", services: services =>
        {
            services.AddHttpClient<RegistryReferences>().ConfigurePrimaryHttpMessageHandler(() => _registry.Server.CreateHandler());
            services.AddHttpClient<TrainingSetReader>().ConfigurePrimaryHttpMessageHandler(() => _featureStore.Server.CreateHandler());
        });
        _registry.CreateClient().Dispose();
        _featureStore.CreateClient().Dispose();
        _drift.CreateClient().Dispose();
        _bus = await MessageCollector<DriftDetected>.StartAsync(TestInfrastructure.RabbitMq("drift"));
    }

    public async ValueTask DisposeAsync()
    {
        await _bus.DisposeAsync();
        await _drift.DisposeAsync();
        await _featureStore.DisposeAsync();
        await _registry.DisposeAsync();
        await _warehouse.DisposeAsync();
        if (Directory.Exists(_artifacts))
        {
            Directory.Delete(_artifacts, recursive: true);
        }
    }

    [Fact]
    public async Task Skew_ShiftedServedFeature_IsReportedSkewedAndTheOthersAreNot()
    {
        var set = await BuildTrainingSetAsync();
        await RegisterAsync("churn", new JsonObject { ["featureService"] = "churn", ["trainingSet"] = set });

        // Served inputs named as hybrid serving fills them: by the feature's name ("spend", "segment") or the full column name.
        var random = new Random(7);
        for (var i = 0; i < 4; i++)
        {
            await _bus.Bus.Publish(Batch("churn", new()
            {
                ["spend"] = Draw(() => Normal(random, 65, 10)),
                ["stats__visits"] = Draw(() => Normal(random, 20, 5)),
            }, [.. Enumerable.Range(0, BatchRows).Select(_ => Segment(random))]), Cancel);
        }

        using var drift = Client();
        var (response, report) = await Eventually.WaitAsync(() => GetAsync(drift, "/models/churn/skew"), r => r.Response.StatusCode == HttpStatusCode.OK,
            "the window's skew report", TimeSpan.FromSeconds(60));
        var features = report.GetProperty("result").GetProperty("features");

        Assert.Equal(["spend"], report.GetProperty("skewedFeatures").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(set, report.GetProperty("trainingSet").GetGuid());
        Assert.Equal("churn", report.GetProperty("featureService").GetString());
        Assert.Equal((1000L, (long)Customers), (report.GetProperty("windowRows").GetInt64(), report.GetProperty("trainingRows").GetInt64()));
        Assert.Equal(JsonValueKind.Null, report.GetProperty("error").ValueKind);
        Assert.Equal(["segment", "spend", "stats__visits"], features.EnumerateObject().Select(f => f.Name).Order());
        Assert.Equal(("stats__spend", true, "wasserstein_normed", 0.1), Decision(features.GetProperty("spend")));
        Assert.Equal(("stats__visits", false, "wasserstein_normed", 0.1), Decision(features.GetProperty("stats__visits")));
        Assert.Equal(("stats__segment", false, "jensenshannon", 0.1), Decision(features.GetProperty("segment")));
        var listed = (await GetAsync(drift, "/skew-reports")).Body.GetProperty("items");
        Assert.Equal(report.GetProperty("id").GetGuid(), listed.EnumerateArray().Single().GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Skew_VersionWithoutTrainingSet_HasNoSkewReport404()
    {
        await RegisterAsync("plain", lineage: null);
        var random = new Random(8);
        for (var i = 0; i < 4; i++)
        {
            await _bus.Bus.Publish(Batch("plain", new() { ["spend"] = Draw(() => Normal(random, 50, 10)) }, []), Cancel);
        }

        using var drift = Client();
        // The drift report is the signal the window was judged; only then is "no skew report" a finding.
        await Eventually.WaitAsync(async () => (await GetAsync(drift, "/reports")).Body.GetProperty("items").GetArrayLength(), n => n == 1,
            "the window's drift report", TimeSpan.FromSeconds(60));
        var (response, problem) = await GetAsync(drift, "/models/plain/skew");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("No skew report for model 'plain' yet", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await GetAsync(drift, "/skew-reports")).Body.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Skew_KeyWithoutDriftRead_Is403()
    {
        using var client = _drift.CreateClient().Authorize(_tenant, "drift:write");

        using var response = await client.GetAsync("/models/churn/skew", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    // The crafted training set: the feature rows in the warehouse, the definitions, and a set of every customer at 12:00.
    private async Task<Guid> BuildTrainingSetAsync()
    {
        var random = new Random(42);
        var values = string.Join(",\n", Enumerable.Range(1, Customers).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"({i}, TIMESTAMPTZ '2024-03-01T10:00:00Z', {Normal(random, 50, 10):R}, {Normal(random, 20, 5):R}, '{Segment(random)}')")));
        await _warehouse.InDatasetAsync(_tenant, "shop", $"""
            CREATE TABLE customer_stats (customer_id bigint, event_ts timestamptz, spend double precision, visits double precision, segment text);
            INSERT INTO customer_stats VALUES {values}
            """, Cancel);
        using var store = _featureStore.CreateClient().Authorize(_tenant);
        await Ok(store.PutAsJsonAsync("/entities/customer", new { name = "customer", joinKeys = new[] { "customer_id" } }, Cancel));
        await Ok(store.PutAsJsonAsync("/feature-views/stats", new
        {
            name = "stats", dataset = "shop", table = "customer_stats", entities = new[] { "customer" }, timestampColumn = "event_ts", ttlSeconds = 7200,
            features = new[] { new { name = "spend", type = "float64" }, new { name = "visits", type = "float64" }, new { name = "segment", type = "string" } },
        }, Cancel));
        await Ok(store.PutAsJsonAsync("/feature-services/churn", new { name = "churn", features = new[] { new { view = "stats" } } }, Cancel));
        var set = await Ok(store.PostAsJsonAsync("/training-sets", new
        {
            featureService = "churn",
            entityRows = Enumerable.Range(1, Customers).Select(i => new { customer_id = i, event_timestamp = "2024-03-01T12:00:00Z", churned = i % 2 == 0 }),
        }, Cancel));
        return set.GetProperty("id").GetGuid();
    }

    private async Task RegisterAsync(string model, JsonObject? lineage)
    {
        using var client = _registry.CreateClient().Authorize(_tenant);
        (await client.PostAsJsonAsync("/models", new { name = model }, Cancel)).EnsureSuccessStatusCode();
        // A reference profile as the trainer registers one (drift judges the window against it before skew).
        var random = new Random(3);
        var metadata = new JsonObject
        {
            ["lineage"] = lineage,
            ["referenceProfile"] = new JsonObject
            {
                ["features"] = new JsonObject
                {
                    ["spend"] = new JsonObject
                    {
                        ["type"] = "numeric", ["sample"] = new JsonArray([.. Enumerable.Range(0, 500).Select(_ => (JsonNode)Normal(random, 50, 10))]),
                    },
                },
            },
        };
        var content = new MultipartFormDataContent { { new StringContent(metadata.ToJsonString(), Encoding.UTF8, "application/json"), "metadata" } };
        var artifact = new ByteArrayContent(OnnxModelBuilder.Identity());
        artifact.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(artifact, "artifact", "model.onnx");
        using var response = await client.PostAsync($"/models/{model}/versions", content, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private PredictionsLogged Batch(string model, Dictionary<string, double?[]> features, string[] segments) => new()
    {
        TenantId = _tenant,
        ModelName = model,
        Version = 1,
        RequestIds = [.. Enumerable.Range(0, BatchRows).Select(_ => Guid.NewGuid())],
        RowIndexes = [.. Enumerable.Repeat(0, BatchRows)],
        Features = features,
        Categories = segments.Length == 0 ? new Dictionary<string, string[]>() : new Dictionary<string, string[]> { ["segment"] = segments },
        Predictions = [.. Enumerable.Range(0, BatchRows).Select(i => (double?)(i % 10 / 10.0))],
    };

    private static (string, bool, string, double) Decision(JsonElement feature) => (feature.GetProperty("training_column").GetString()!,
        feature.GetProperty("skewed").GetBoolean(), feature.GetProperty("method").GetString()!, feature.GetProperty("threshold").GetDouble());

    private static double?[] Draw(Func<double> draw) => [.. Enumerable.Range(0, BatchRows).Select(_ => (double?)draw())];

    private static double Normal(Random random, double mean, double std) =>
        mean + std * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static string Segment(Random random) => random.NextDouble() switch { < 0.5 => "retail", < 0.8 => "business", _ => "student" };

    private HttpClient Client() => _drift.CreateClient().Authorize(_tenant, "drift:read");

    private static async Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, Cancel);
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>(Cancel));
    }

    private static async Task<JsonElement> Ok(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {body}");
        return body;
    }
}
