using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MassTransit;
using MlOps.Contracts;
using MlOps.TestSupport;
using MlOps.Trainer.Services;

namespace MlOps.Trainer.Tests;

/// <summary>
/// The trainer on warehouse data written in ingest's layout: loads A (300 rows) and B (200) committed, C (60) not; another
/// tenant's `loans` has 120 rows. The counts below follow from those seeds, not from the trainer's output.
/// </summary>
[Collection(TrainerBus.Name)]
public sealed class WarehouseTrainingTests : IAsyncLifetime
{
    private static readonly string[] Features = ["income", "late_payments", "utilization", "has_mortgage", "purpose"];
    private readonly string _tenant = "t" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _other = "o" + Guid.NewGuid().ToString("N")[..12];
    private readonly Dictionary<string, string> _loads = new()
    {
        ["A"] = Guid.CreateVersion7().ToString(), ["B"] = Guid.CreateVersion7().ToString(), ["C"] = Guid.CreateVersion7().ToString(),
    };
    private readonly ConsumedCounter<RequestRetraining> _retrainings = new();
    private TrainerRig _rig = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _rig = await TrainerRig.StartAsync(Token);
        await _rig.Warehouse.SeedLoansAsync(_tenant, Token, (_loads["A"], 300, 0, 3), (_loads["B"], 200, 0, 2), (_loads["C"], 60, 1, 1));
        await _rig.Warehouse.SeedLoansAsync(_other, Token, (Guid.CreateVersion7().ToString(), 120, 0, 1));
    }

    [Fact]
    public async Task StartRun_Latest_TrainsOnEveryCommittedLoadAndRecordsTheNewest()
    {
        using var trainer = Trainer(_tenant);

        var response = await trainer.PostAsJsonAsync("/runs", Body("loan-default", "applications", "defaulted", Features), Token);
        var run = await response.Content.ReadFromJsonAsync<JsonElement>(Token);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        var expected = Lineage("latest", _loads["B"], "defaulted", Features, rows: 500);
        Assert.Equal(expected, Canonical(run.GetProperty("data").GetRawText()));
        using var registry = Registry(_tenant);
        var version = await registry.GetFromJsonAsync<JsonElement>("/models/loan-default/versions/1", Token);
        var profile = await registry.GetFromJsonAsync<JsonElement>("/models/loan-default/versions/1/profile", Token);
        Assert.Equal(expected, Canonical(version.GetProperty("params").GetProperty("training_data").GetString()!));
        Assert.Equal(500, profile.GetProperty("rows").GetInt32());
        Assert.Equal(Features.Order(), version.GetProperty("inputSchema").EnumerateArray().Select(i => i.GetProperty("name").GetString()).Order());
    }

    [Fact]
    public async Task StartRun_PinnedLoad_TrainsOnThatLoadsRowsOnly()
    {
        using var trainer = Trainer(_tenant);

        var run = await (await trainer.PostAsJsonAsync("/runs", Body("loan-default", "applications", "defaulted", Features, _loads["A"]), Token))
            .Content.ReadFromJsonAsync<JsonElement>(Token);

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(Lineage(_loads["A"], _loads["A"], "defaulted", Features, rows: 300), Canonical(run.GetProperty("data").GetRawText()));
        using var registry = Registry(_tenant);
        var profile = await registry.GetFromJsonAsync<JsonElement>("/models/loan-default/versions/1/profile", Token);
        Assert.Equal(300, profile.GetProperty("rows").GetInt32());
    }

    [Fact]
    public async Task RequestRetraining_WithoutData_RetrainsOnTheDataOfTheLatestVersion()
    {
        using var trainer = Trainer(_tenant);
        await trainer.PostAsJsonAsync("/runs", Body("loan-default", "applications", "defaulted", Features, _loads["A"]), Token);
        await using var bus = await MessageCollector<RequestRetraining>.StartAsync(TestInfrastructure.RabbitMq("trainer"));

        await bus.Bus.Publish(new RequestRetraining { TenantId = _tenant, ModelName = "loan-default", Reason = "drift on income" }, Token);

        var run = await WaitForRunAsync(trainer, "drift on income");
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(2, run.GetProperty("version").GetInt32());
        var expected = Lineage(_loads["A"], _loads["A"], "defaulted", Features, rows: 300);
        Assert.Equal(expected, Canonical(run.GetProperty("data").GetRawText()));
        using var registry = Registry(_tenant);
        var version = await registry.GetFromJsonAsync<JsonElement>("/models/loan-default/versions/2", Token);
        Assert.Equal(expected, Canonical(version.GetProperty("params").GetProperty("training_data").GetString()!));
    }

    [Fact]
    public async Task RequestRetraining_MissingTable_FailsTheRunNamingIt()
    {
        using var trainer = Trainer(_tenant);
        await using var bus = await MessageCollector<RequestRetraining>.StartAsync(TestInfrastructure.RabbitMq("trainer"));
        var data = new TrainingDataRef { TenantId = _tenant, Dataset = "loans", Table = "applicants", LabelColumn = "defaulted" };

        await bus.Bus.Publish(new RequestRetraining { TenantId = _tenant, ModelName = "loan-default", Data = data, Reason = "new data" }, Token);

        var run = await WaitForRunAsync(trainer, "new data");
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Equal("Dataset 'loans' has no table 'applicants'.", run.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("version").ValueKind);
    }

    [Theory]
    [InlineData("applicants", "defaulted", "income", null, "data.table", "Dataset 'loans' has no table 'applicants'.")]
    [InlineData("applications", "defaulted", "income,salary", null, "data.featureColumns", "Table 'applications' has no column 'salary'.")]
    [InlineData("applications", "repaid", "income", null, "data.labelColumn", "Table 'applications' has no column 'repaid' (the label).")]
    [InlineData("applications", "risk_class", "income", null, "data.labelColumn", "Label column 'risk_class' has the value 2: a binary label must be 0 or 1.")]
    [InlineData("applications", "purpose", "income", null, "data.labelColumn",
        "Label column 'purpose' is text: the trainer trains a binary classifier, the label must be boolean or 0/1.")]
    [InlineData("applications", "defaulted", "income,defaulted", null, "data.featureColumns", "'defaulted' is the label and cannot also be a feature.")]
    [InlineData("applications", "defaulted", "income,_dlt_id", null, "data.featureColumns", "'_dlt_id' is ingest's bookkeeping, not data.")]
    [InlineData("visits", "churned", "", null, "data.featureColumns",
        "Column 'visited_on' is date: features must be numeric, boolean or text (leave it out of featureColumns).")]
    [InlineData("applications", "defaulted", "income", "C", "data.load", "Dataset 'loans' has no committed load '{C}'.")]
    [InlineData("applications", "defaulted", "income", "no-such-load", "data.load", "Dataset 'loans' has no committed load 'no-such-load'.")]
    public async Task StartRun_BadReference_Returns400NamingTheProblemWithoutARun(string table, string label, string features, string? load,
        string field, string detail)
    {
        using var trainer = Trainer(_tenant);
        var loadId = load is null ? null : _loads.GetValueOrDefault(load, load);

        var response = await trainer.PostAsJsonAsync("/runs", Body("loan-default", table, label, features.Split(',', StringSplitOptions.RemoveEmptyEntries), loadId), Token);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        var runs = await trainer.GetFromJsonAsync<JsonElement>("/runs", Token);

        var expected = detail.Replace("{C}", _loads["C"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"Invalid {field}", problem.GetProperty("title").GetString());
        Assert.Equal(expected, problem.GetProperty("detail").GetString());
        Assert.Equal(expected, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal(0, runs.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task StartRun_DataWithoutTable_Returns400NamingTheField()
    {
        using var trainer = Trainer(_tenant);

        var response = await trainer.PostAsJsonAsync("/runs", new { modelName = "loan-default", data = new { dataset = "loans", labelColumn = "defaulted" } }, Token);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["data.table"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task StartRun_MoreRowsThanTheMaximum_Returns400NamingTheSetting()
    {
        using var trainer = Trainer(_tenant, new() { ["MlOps:Trainer:Warehouse:MaxRows"] = "499" });

        var response = await trainer.PostAsJsonAsync("/runs", Body("loan-default", "applications", "defaulted", Features), Token);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Table 'applications' has more than 499 rows for this load, the most a run reads (MlOps:Trainer:Warehouse:MaxRows).",
            problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task StartRun_SameReferenceInTwoTenants_EachReadsOnlyItsOwnSchema()
    {
        using var tenant = Trainer(_tenant);
        using var other = Trainer(_other);
        using var stranger = Trainer("s" + Guid.NewGuid().ToString("N")[..12]);

        // A tenant id in the body is not part of the request: the caller's tenant decides the schema.
        var body = new { modelName = "loan-default", data = new { tenantId = _other, dataset = "loans", table = "applications", labelColumn = "defaulted" } };
        var ownRun = await (await tenant.PostAsJsonAsync("/runs", body, Token)).Content.ReadFromJsonAsync<JsonElement>(Token);
        var otherRun = await (await other.PostAsJsonAsync("/runs", body, Token)).Content.ReadFromJsonAsync<JsonElement>(Token);
        var strangerResponse = await stranger.PostAsJsonAsync("/runs", body, Token);
        var prefixed = await tenant.PostAsJsonAsync("/runs", Body("loan-default", "applications", "defaulted", Features, dataset: $"{_other}__loans"), Token);

        // Every column but the label and _dlt_ ones, numeric before text.
        string[] all = ["income", "late_payments", "utilization", "has_mortgage", "risk_class", "purpose"];
        Assert.Equal(Lineage("latest", _loads["B"], "defaulted", all, rows: 500), Canonical(ownRun.GetProperty("data").GetRawText()));
        Assert.Equal(120, otherRun.GetProperty("data").GetProperty("rows").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, strangerResponse.StatusCode);
        Assert.Equal("The tenant has no dataset 'loans' in the warehouse.",
            (await strangerResponse.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("detail").GetString());
        Assert.Equal($"The tenant has no dataset '{_other}__loans' in the warehouse.",
            (await prefixed.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("detail").GetString());
    }

    private static object Body(string model, string table, string label, string[] features, string? load = null, string dataset = "loans") =>
        new { modelName = model, data = new { dataset, table, load, labelColumn = label, featureColumns = features } };

    // The lineage JSON the trainer should record, built here field by field.
    private static string Lineage(string load, string resolved, string label, string[] features, int rows) => Canonical(JsonSerializer.Serialize(new
    {
        dataset = "loans", table = "applications", load, resolvedLoad = resolved, labelColumn = label, featureColumns = features, rows,
    }));

    // jsonb keeps its own key order: compare objects with their keys sorted.
    private static string Canonical(string json) => Sorted(JsonNode.Parse(json))?.ToJsonString() ?? "null";

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        _ => node?.DeepClone(),
    };

    private static async Task<JsonElement> WaitForRunAsync(HttpClient trainer, string reason) =>
        (await Eventually.WaitAsync(async () => (await trainer.GetFromJsonAsync<JsonElement>("/runs", Token)).GetProperty("items"),
            items => items.EnumerateArray().Any(r => r.GetProperty("reason").GetString() == reason && r.GetProperty("status").GetString() != "running"),
            $"the run '{reason}'", TimeSpan.FromSeconds(60))).EnumerateArray().Single(r => r.GetProperty("reason").GetString() == reason);

    private HttpClient Trainer(string tenant, Dictionary<string, string>? settings = null) =>
        _rig.Trainer(tenant, settings, services => services.AddConsumeObserver(_ => _retrainings));

    private HttpClient Registry(string tenant) => _rig.Registry(tenant);

    public ValueTask DisposeAsync() => _rig.DisposeAsync();
}
