using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Contracts;
using MlOps.TestSupport;

namespace MlOps.Trainer.Tests;

/// <summary>
/// The trainer on a feature store training set: the tenant's dataset `shop` holds `customer_stats` (one row per customer 1..200
/// at 10:00, spend i * 1.5, visits i % 7, segment a/b/c by i % 3) and the entity table `labels` (each customer at 12:00,
/// churned when i % 3 = 0); entity `customer`, view `stats` (TTL two hours) and service `churn` are defined over them, and
/// the set is built by the feature store. Expected lineage is written here field by field from those definitions.
/// </summary>
[Collection(TrainerBus.Name)]
public sealed class TrainingSetTrainingTests : IAsyncLifetime
{
    private static readonly string[] Columns = ["stats__spend", "stats__visits", "stats__segment"];
    private readonly string _tenant = "t" + Guid.NewGuid().ToString("N")[..12];
    private TrainerRig _rig = null!;
    private JsonElement _set;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private Guid SetId => _set.GetProperty("id").GetGuid();

    public async ValueTask InitializeAsync()
    {
        _rig = await TrainerRig.StartAsync(Token);
        await _rig.Warehouse.InDatasetAsync(_tenant, "shop", """
            CREATE TABLE customer_stats (customer_id bigint, event_ts timestamptz, spend double precision, visits bigint, segment text);
            INSERT INTO customer_stats SELECT i, TIMESTAMPTZ '2024-03-01T10:00:00Z', i * 1.5, i % 7, (ARRAY['a', 'b', 'c'])[i % 3 + 1]
                FROM generate_series(1, 200) AS i;
            CREATE TABLE labels (customer_id bigint, event_timestamp timestamptz, churned boolean);
            INSERT INTO labels SELECT i, TIMESTAMPTZ '2024-03-01T12:00:00Z', i % 3 = 0 FROM generate_series(1, 200) AS i
            """, Token);
        using var store = _rig.FeatureStore(_tenant);
        await Ok(store.PutAsJsonAsync("/entities/customer", new { name = "customer", joinKeys = new[] { "customer_id" } }, Token));
        await Ok(store.PutAsJsonAsync("/feature-views/stats", new
        {
            name = "stats", dataset = "shop", table = "customer_stats", entities = new[] { "customer" }, timestampColumn = "event_ts", ttlSeconds = 7200,
            features = new[] { new { name = "spend", type = "float64" }, new { name = "visits", type = "int64" }, new { name = "segment", type = "string" } },
        }, Token));
        await Ok(store.PutAsJsonAsync("/feature-services/churn", new { name = "churn", features = new[] { new { view = "stats" } } }, Token));
        _set = await Ok(store.PostAsJsonAsync("/training-sets", new { featureService = "churn", entityTable = new { dataset = "shop", table = "labels" } }, Token));
    }

    [Fact]
    public async Task StartRun_TrainingSet_RecordsTheSetAndItsFeatureServiceAsLineage()
    {
        using var trainer = _rig.Trainer(_tenant, scopes: "features:read");

        var response = await trainer.PostAsJsonAsync("/runs", new { modelName = "churn", data = new { trainingSet = SetId, labelColumn = "churned" } }, Token);
        var run = await response.Content.ReadFromJsonAsync<JsonElement>(Token);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        var expected = Lineage(rows: 200);
        Assert.Equal(expected, Canonical(run.GetProperty("data").GetRawText()));
        using var registry = _rig.Registry(_tenant);
        var version = await registry.GetFromJsonAsync<JsonElement>("/models/churn/versions/1", Token);
        Assert.Equal(expected, Canonical(version.GetProperty("params").GetProperty("training_data").GetString()!));
        Assert.Equal("churn", version.GetProperty("lineage").GetProperty("featureService").GetString());
        Assert.Equal(SetId, version.GetProperty("lineage").GetProperty("trainingSet").GetGuid());
        Assert.Equal(Columns.Order(), version.GetProperty("inputSchema").EnumerateArray().Select(i => i.GetProperty("name").GetString()).Order());
        // The set's definition as recorded: its entity table, timestamp, feature service version and each view's TTL.
        var definition = JsonNode.Parse(version.GetProperty("params").GetProperty("training_data").GetString()!)!["trainingSet"]!["definition"]!;
        Assert.Equal(("shop", "labels"), ((string)definition["entityTable"]!["dataset"]!, (string)definition["entityTable"]!["table"]!));
        Assert.Equal("event_timestamp", (string)definition["timestampColumn"]!);
        var view = definition["views"]![0]!;
        Assert.Equal(("stats", 1, 7200L), ((string)view["name"]!, (int)view["version"]!, (long)view["ttlSeconds"]!));
    }

    [Fact]
    public async Task RequestRetraining_AfterATrainingSetRun_RetrainsOnTheSameSetAsTheTrainer()
    {
        using var trainer = _rig.Trainer(_tenant, scopes: "features:read");
        await trainer.PostAsJsonAsync("/runs", new { modelName = "churn", data = new { trainingSet = SetId, labelColumn = "churned" } }, Token);
        await using var bus = await MessageCollector<RequestRetraining>.StartAsync(TestInfrastructure.RabbitMq("trainer"));

        await bus.Bus.Publish(new RequestRetraining { TenantId = _tenant, ModelName = "churn", Reason = "skew on spend" }, Token);

        var run = (await Eventually.WaitAsync(async () => (await trainer.GetFromJsonAsync<JsonElement>("/runs", Token)).GetProperty("items"),
            items => items.EnumerateArray().Any(r => r.GetProperty("reason").GetString() == "skew on spend" && r.GetProperty("status").GetString() != "running"),
            "the retraining run", TimeSpan.FromSeconds(60))).EnumerateArray().Single(r => r.GetProperty("reason").GetString() == "skew on spend");
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(2, run.GetProperty("version").GetInt32());
        Assert.Equal(Lineage(rows: 200), Canonical(run.GetProperty("data").GetRawText()));
    }

    [Theory]
    [InlineData("unknown", "churned", "data.trainingSet", "The tenant has no training set '{id}' in the feature store.")]
    [InlineData("other-tenant", "churned", "data.trainingSet", "The tenant has no training set '{id}' in the feature store.")]
    [InlineData("set", "repaid", "data.labelColumn", "Training set '{id}' has no column 'repaid' (the label).")]
    [InlineData("set", "customer_id", "data.labelColumn", "'customer_id' is a join key, the timestamp or a served feature of training set '{id}', not a label.")]
    public async Task StartRun_BadTrainingSet_Returns400NamingItWithoutARun(string set, string label, string field, string detail)
    {
        var id = set switch
        {
            "unknown" => Guid.CreateVersion7(),
            // Another tenant's set is not found: the feature store answers in the caller's tenant.
            "other-tenant" => await OtherTenantsSetAsync(),
            _ => SetId,
        };
        using var trainer = _rig.Trainer(_tenant, scopes: "features:read");

        var response = await trainer.PostAsJsonAsync("/runs", new { modelName = "churn", data = new { trainingSet = id, labelColumn = label } }, Token);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        var runs = await trainer.GetFromJsonAsync<JsonElement>("/runs", Token);

        var expected = detail.Replace("{id}", id.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(expected, problem.GetProperty("detail").GetString());
        Assert.Equal(expected, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal(0, runs.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task StartRun_TableAndTrainingSetBoth_Returns400NamingTheTrainingSet()
    {
        using var trainer = _rig.Trainer(_tenant, scopes: "features:read");

        var response = await trainer.PostAsJsonAsync("/runs",
            new { modelName = "churn", data = new { dataset = "shop", table = "labels", trainingSet = SetId, labelColumn = "churned" } }, Token);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Name either a warehouse table (dataset, table, load) or a training set, not both.",
            problem.GetProperty("errors").GetProperty("data.trainingSet")[0].GetString());
    }

    [Fact]
    public async Task StartRun_KeyWithoutFeaturesRead_Returns403NamingTheScope()
    {
        using var trainer = _rig.Trainer(_tenant);

        var response = await trainer.PostAsJsonAsync("/runs", new { modelName = "churn", data = new { trainingSet = SetId, labelColumn = "churned" } }, Token);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal($"Training on training set '{SetId}' reads it from the feature store as the caller: the key needs the features:read scope.",
            problem.GetProperty("detail").GetString());
    }

    private async Task<Guid> OtherTenantsSetAsync()
    {
        var other = "o" + Guid.NewGuid().ToString("N")[..12];
        await _rig.Warehouse.InDatasetAsync(other, "shop", """
            CREATE TABLE customer_stats (customer_id bigint, event_ts timestamptz, spend double precision);
            INSERT INTO customer_stats VALUES (1, TIMESTAMPTZ '2024-03-01T10:00:00Z', 1.5)
            """, Token);
        using var store = _rig.FeatureStore(other);
        await Ok(store.PutAsJsonAsync("/entities/customer", new { name = "customer", joinKeys = new[] { "customer_id" } }, Token));
        await Ok(store.PutAsJsonAsync("/feature-views/stats", new
        {
            name = "stats", dataset = "shop", table = "customer_stats", entities = new[] { "customer" }, timestampColumn = "event_ts", ttlSeconds = 7200,
            features = new[] { new { name = "spend", type = "float64" } },
        }, Token));
        await Ok(store.PutAsJsonAsync("/feature-services/churn", new { name = "churn", features = new[] { new { view = "stats" } } }, Token));
        var set = await Ok(store.PostAsJsonAsync("/training-sets", new
        {
            featureService = "churn", entityRows = new[] { new { customer_id = 1, event_timestamp = "2024-03-01T12:00:00Z", churned = true } },
        }, Token));
        return set.GetProperty("id").GetGuid();
    }

    // The lineage the trainer should record: the set's id, service and version, and the definition the feature store answered.
    private string Lineage(int rows) => Canonical(JsonSerializer.Serialize(new
    {
        dataset = (string?)null, table = (string?)null, load = (string?)null, resolvedLoad = (string?)null, labelColumn = "churned",
        featureColumns = new[] { "stats__spend", "stats__visits", "stats__segment" }, rows,
        trainingSet = new { id = SetId, featureService = "churn", featureServiceVersion = 1, definition = _set.GetProperty("definition") },
    }));

    private static async Task<JsonElement> Ok(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {body}");
        return body;
    }

    // jsonb keeps its own key order: compare objects with their keys sorted.
    private static string Canonical(string json) => Sorted(JsonNode.Parse(json))?.ToJsonString() ?? "null";

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        _ => node?.DeepClone(),
    };

    public ValueTask DisposeAsync() => _rig.DisposeAsync();
}
