using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MassTransit;
using MlOps.Contracts;
using MlOps.TestSupport;
using MlOps.Trainer.Services;

namespace MlOps.Trainer.Tests;

/// <summary>The trainer against a real registry (its in-memory server) and RabbitMQ: first-start bootstrap, retraining onto challenger, refusals.</summary>
[Collection(TrainerBus.Name)]
public sealed class TrainerServiceTests : IAsyncLifetime
{
    private readonly string _tenant = "t" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _artifacts = Path.Combine(Path.GetTempPath(), "mlops-trainer-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private ServiceFactory<MlOps.Registry.Model.RegisteredModelResponse> _registry = null!;
    private ServiceFactory<MlOps.Trainer.Model.TrainingRunResponse> _trainer = null!;
    private readonly ConsumedCounter<RequestRetraining> _retrainings = new();

    public ValueTask InitializeAsync()
    {
        _registry = new(connectionName: "registrydb", new Dictionary<string, string> { ["MlOps:Registry:ArtifactRoot"] = _artifacts }, virtualHost: "trainer");
        _registry.CreateClient().Dispose();
        _trainer = new(connectionName: "trainerdb", new Dictionary<string, string>
        {
            ["MlOps:Trainer:RegistryUrl"] = "http://localhost",
            ["MlOps:Trainer:DemoTenant"] = _tenant,
            // Its own queues: a trainer of an earlier test still stopping must not take this one's commands.
            ["MlOps:Messaging:EndpointPrefix"] = $"t{Guid.NewGuid():N}"[..9],
            ["MlOps:Trainer:RegistryRetryDelay"] = "00:00:00.200",
            ["MlOps:Trainer:AbandonedRunSweepInterval"] = "00:00:00.200",
        }, virtualHost: "trainer", services: services =>
        {
            services.AddHttpClient<RegistryClient>().ConfigurePrimaryHttpMessageHandler(() => _registry.Server.CreateHandler());
            services.AddConsumeObserver(_ => _retrainings);
            // Its queue is new: the host is up only once the queue is bound, so a command published next is not dropped.
            services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        });
        _trainer.CreateClient().Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task FirstStart_NoDemoChampion_TrainsRegistersWithProfileAndPromotes()
    {
        using var registry = Client(_registry);

        var champion = await Eventually.WaitAsync(() => registry.GetAsync("/models/credit-default/aliases/champion", TestContext.Current.CancellationToken),
            r => r.StatusCode == HttpStatusCode.OK, "the demo model to become champion", TimeSpan.FromSeconds(60));
        var version = await champion.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var profile = await registry.GetFromJsonAsync<JsonElement>("/models/credit-default/versions/1/profile", TestContext.Current.CancellationToken);
        using var trainer = Client(_trainer);
        var runs = await trainer.GetFromJsonAsync<JsonElement>("/runs", TestContext.Current.CancellationToken);

        Assert.Equal(1, version.GetProperty("version").GetInt32());
        Assert.InRange(version.GetProperty("metrics").GetProperty("auc").GetDouble(), 0.7, 0.95);
        Assert.Equal("LightGbmBinary", version.GetProperty("params").GetProperty("trainer").GetString());
        Assert.Equal(9, version.GetProperty("inputSchema").GetArrayLength());
        Assert.Equal(20_000, profile.GetProperty("rows").GetInt32());
        Assert.Equal("categorical", profile.GetProperty("features").GetProperty("purpose").GetProperty("type").GetString());
        var run = runs.GetProperty("items")[0];
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.True(run.GetProperty("promoted").GetBoolean());
        Assert.Equal("demo model bootstrap", run.GetProperty("reason").GetString());
        // The demo model's first champion passes the readiness gate by the first-champion exemption, which is audited.
        var audit = await registry.GetFromJsonAsync<JsonElement>("/audit?limit=500", TestContext.Current.CancellationToken);
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), a => a.GetProperty("action").GetString() == "gate.exempted");
    }

    [Fact]
    public async Task RequestRetraining_Command_RegistersTheNextVersionOnceAsChallenger_ChampionStays()
    {
        using var registry = Client(_registry);
        await Eventually.WaitAsync(() => registry.GetAsync("/models/credit-default/aliases/champion", TestContext.Current.CancellationToken),
            r => r.StatusCode == HttpStatusCode.OK, "the demo model to become champion", TimeSpan.FromSeconds(60));
        await using var aliases = await MessageCollector<ModelAliasChanged>.StartAsync(TestInfrastructure.RabbitMq("trainer"));
        await using var bus = await MessageCollector<RequestRetraining>.StartAsync(TestInfrastructure.RabbitMq("trainer"));
        var command = new RequestRetraining { TenantId = _tenant, ModelName = "credit-default", Reason = "drift on income" };

        await bus.Bus.Publish(command, TestContext.Current.CancellationToken);
        await bus.Bus.Publish(command, TestContext.Current.CancellationToken);

        using var trainer = Client(_trainer);
        var run = await Eventually.WaitAsync(async () => (await trainer.GetFromJsonAsync<JsonElement>("/runs", TestContext.Current.CancellationToken)).GetProperty("items"),
            items => items.EnumerateArray().Any(r => r.GetProperty("reason").GetString() == "drift on income" && r.GetProperty("status").GetString() == "succeeded"),
            "the retraining run", TimeSpan.FromSeconds(60));
        // Both deliveries handled (the duplicate could otherwise still be training a second version when we count).
        await Eventually.WaitAsync(() => Task.FromResult(_retrainings.Count), count => count >= 2, "both deliveries of the command to be consumed");
        var versions = await registry.GetFromJsonAsync<JsonElement>("/models/credit-default/versions", TestContext.Current.CancellationToken);
        Assert.Equal(2, versions.GetProperty("items").GetArrayLength());
        var retrained = Assert.Single((await trainer.GetFromJsonAsync<JsonElement>("/runs", TestContext.Current.CancellationToken)).GetProperty("items").EnumerateArray(),
            r => r.GetProperty("reason").GetString() == "drift on income");
        Assert.False(retrained.GetProperty("promoted").GetBoolean());
        Assert.Equal("registered version 2 as challenger; champion moves through the gate (canary or an explicit promotion)",
            retrained.GetProperty("message").GetString());
        var challenger = await registry.GetFromJsonAsync<JsonElement>("/models/credit-default/aliases/challenger", TestContext.Current.CancellationToken);
        var champion = await registry.GetFromJsonAsync<JsonElement>("/models/credit-default/aliases/champion", TestContext.Current.CancellationToken);
        Assert.Equal(2, challenger.GetProperty("version").GetInt32());
        Assert.Equal(1, champion.GetProperty("version").GetInt32());
        var (_, moved) = await aliases.WaitForAsync(e => e.TenantId == _tenant && e.Alias == "challenger");
        Assert.Equal(2, moved.NewVersion);
        Assert.Null(moved.OldVersion);
    }

    [Fact]
    public async Task StartRun_LandsOnChallenger_AsksForChampionOnlyWhenToldAndOnlyAsACallerWhoMay()
    {
        using var registry = Client(_registry);
        await Eventually.WaitAsync(() => registry.GetAsync("/models/credit-default/aliases/champion", TestContext.Current.CancellationToken),
            r => r.StatusCode == HttpStatusCode.OK, "the demo model to become champion", TimeSpan.FromSeconds(60));
        using var trainOnly = _trainer.CreateClient().Authorize(_tenant, "trainer:write", "registry:write");
        using var mayPromote = _trainer.CreateClient().Authorize(_tenant, "trainer:write", "registry:write", "registry:promote");
        using var noRegistry = _trainer.CreateClient().Authorize(_tenant, "trainer:write");
        var refusedToTrain = await noRegistry.PostAsJsonAsync("/runs", new { modelName = "credit-default" }, TestContext.Current.CancellationToken);

        async Task<JsonElement> RunAsync(HttpClient client, bool? promote) =>
            await (await client.PostAsJsonAsync<object>("/runs", promote is null ? new { modelName = "credit-default" } : new { modelName = "credit-default", promote },
                TestContext.Current.CancellationToken)).Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        async Task<int> AliasAsync(string alias) => (await registry.GetFromJsonAsync<JsonElement>($"/models/credit-default/aliases/{alias}",
            TestContext.Current.CancellationToken)).GetProperty("version").GetInt32();

        var lacksScope = await RunAsync(trainOnly, promote: true);
        var challengerAfterLacksScope = await AliasAsync("challenger");
        var notAsked = await RunAsync(mayPromote, promote: null);
        var challengerAfterNotAsked = await AliasAsync("challenger");
        var gateRefused = await RunAsync(mayPromote, promote: true);

        Assert.Equal(HttpStatusCode.Forbidden, refusedToTrain.StatusCode);
        Assert.Equal("succeeded", lacksScope.GetProperty("status").GetString());
        Assert.False(lacksScope.GetProperty("promoted").GetBoolean());
        Assert.Equal($"registered version {lacksScope.GetProperty("version").GetInt32()} as challenger; not promoted: the caller's key lacks registry:promote",
            lacksScope.GetProperty("message").GetString());
        Assert.Equal(lacksScope.GetProperty("version").GetInt32(), challengerAfterLacksScope);
        Assert.False(notAsked.GetProperty("promoted").GetBoolean());
        Assert.Equal(notAsked.GetProperty("version").GetInt32(), challengerAfterNotAsked);
        // A new version has no load test yet, so even a caller who may promote is refused by the readiness gate: only the canary promotes.
        Assert.False(gateRefused.GetProperty("promoted").GetBoolean());
        Assert.Contains("not promoted: Version 4 of 'credit-default' cannot become champion: load test recorded (no load test recorded for version 4",
            gateRefused.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, await AliasAsync("challenger"));
        Assert.Equal(1, await AliasAsync("champion"));
    }

    [Fact]
    public async Task StartRun_ModelWithoutData_Returns400NamingData()
    {
        using var trainer = Client(_trainer);

        var response = await trainer.PostAsJsonAsync("/runs", new { modelName = "churn", reason = "try" }, TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("No training data for 'churn': name a warehouse table or a training set in 'data' (no version of the model was trained on one).",
            problem.GetProperty("errors").GetProperty("data")[0].GetString());
    }

    [Fact]
    public async Task StartRun_NoModelName_Returns400()
    {
        using var trainer = Client(_trainer);

        var response = await trainer.PostAsJsonAsync("/runs", new { reason = "try" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task RunLeftRunning_LongAgo_IsMarkedAbandoned()
    {
        var id = Guid.CreateVersion7();
        await using (var db = new Npgsql.NpgsqlConnection(_trainer.ConnectionString))
        {
            await Dapper.SqlMapper.ExecuteAsync(db,
                "INSERT INTO training_runs (id, tenant_id, model_name, status, started_at) VALUES (@id, @tenant, 'credit-default', 'running', now() - interval '2 hours')",
                new { id, tenant = _tenant });
        }
        using var trainer = Client(_trainer);

        var run = await Eventually.WaitAsync(() => trainer.GetFromJsonAsync<JsonElement>($"/runs/{id}", TestContext.Current.CancellationToken),
            r => r.GetProperty("status").GetString() == "failed", "the abandoned run to be swept");

        Assert.Equal("abandoned: the trainer stopped before the run finished", run.GetProperty("message").GetString());
    }

    private HttpClient Client<T>(ServiceFactory<T> factory) where T : class
    {
        var client = factory.CreateClient();
        client.Authorize(_tenant);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _trainer.DisposeAsync();
        await _registry.DisposeAsync();
        Directory.Delete(_artifacts, recursive: true);
    }
}
