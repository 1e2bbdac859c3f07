using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Contracts;
using MlOps.Services.FunctionalTests.Infrastructure;
using MlOps.TestSupport;
using Npgsql;

namespace MlOps.Services.FunctionalTests.Incident;

[Collection(ServicesCollection.Name)]
public sealed class PlatformAlertTests(ServicesFixture services)
{
    private IServiceUnderTest Incident => services["incident"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GuardrailBurstAndAgentAnomaly_OneAttack_OneIncident()
    {
        await using var sender = await MessageCollector<GuardrailViolated>.StartAsync(TestInfrastructure.RabbitMq("functional"));
        var tenant = HttpExtensions.NewTenant();
        using var client = Incident.CreateClient().ForTenant(tenant);

        // The fixture's threshold is 5 a minute: the first four raise nothing, the fifth opens the incident.
        for (var i = 0; i < 7; i++)
        {
            await sender.Bus.Publish(new GuardrailViolated
            {
                TenantId = tenant, Scanner = "prompt_injection", Action = "block", InputHash = $"{i:x64}", Findings = [],
            }, Cancel);
        }
        await sender.Bus.Publish(new AgentAnomalyDetected { TenantId = tenant, SessionId = "s-42", Kind = "prompt_injection", Detail = "3 blocked turns" }, Cancel);

        var incident = await Eventually.WaitAsync(async () => (await client.GetFromJsonAsync<JsonElement>("/incidents", Cancel)).GetProperty("items"),
            items => items.GetArrayLength() == 1 && items[0].GetProperty("alertCount").GetInt64() == 4, "guardrail hits 5–7 and the anomaly in one incident");
        Assert.Equal("llm_abuse", incident[0].GetProperty("dedupKey").GetString());
        var timeline = await client.GetFromJsonAsync<JsonElement>($"/incidents/{incident[0].GetProperty("id").GetGuid()}/timeline", Cancel);
        // Either may arrive first and open it; both are on its timeline.
        Assert.Equal(["source:agentops", "source:guardrail"], timeline.EnumerateArray().Select(e => e.GetProperty("actor").GetString()).Order().ToArray());
    }

    [Fact]
    public async Task DataQualityFailed_BlockedLoad_OpensAHighIncidentNamingTheTable()
    {
        await using var sender = await MessageCollector<DataQualityFailed>.StartAsync(TestInfrastructure.RabbitMq("functional"));
        var tenant = HttpExtensions.NewTenant();
        using var client = Incident.CreateClient().ForTenant(tenant);

        await sender.Bus.Publish(new DataQualityFailed
        {
            TenantId = tenant, Pipeline = "loans", Dataset = "demo", Table = "loans", LoadId = Guid.NewGuid(), Check = "not_null", Column = "income",
            Detail = "3 rows have a null income", Committed = false,
        }, Cancel);

        var items = await Eventually.WaitAsync(async () => (await client.GetFromJsonAsync<JsonElement>("/incidents", Cancel)).GetProperty("items"),
            i => i.GetArrayLength() == 1, "the data quality incident");
        Assert.Equal("Quality check not_null failed on demo.loans", items[0].GetProperty("title").GetString());
        Assert.Equal("high", items[0].GetProperty("severity").GetString());
        Assert.Equal("3 rows have a null income", items[0].GetProperty("description").GetString());
    }

    [Fact]
    public async Task PipelineRunAndBatchJobFailures_EachOpenAnIncidentPerPipelineOrModel()
    {
        await using var sender = await MessageCollector<PipelineRunFailed>.StartAsync(TestInfrastructure.RabbitMq("functional"));
        var tenant = HttpExtensions.NewTenant();
        using var client = Incident.CreateClient().ForTenant(tenant);

        await sender.Bus.Publish(new PipelineRunFailed { TenantId = tenant, Pipeline = "loans", RunId = Guid.NewGuid(), Error = "source answered 500" }, Cancel);
        await sender.Bus.Publish(new PipelineRunFailed { TenantId = tenant, Pipeline = "loans", RunId = Guid.NewGuid(), Error = "source answered 500" }, Cancel);
        await sender.Bus.Publish(new BatchJobFailed { TenantId = tenant, ModelName = "credit", JobId = Guid.NewGuid(), Error = "row 3: income is not a number" }, Cancel);

        var items = await Eventually.WaitAsync(async () => (await client.GetFromJsonAsync<JsonElement>("/incidents", Cancel)).GetProperty("items"),
            i => i.GetArrayLength() == 2 && i.EnumerateArray().Sum(x => x.GetProperty("alertCount").GetInt64()) == 3, "one incident per pipeline and per model");
        Assert.Equal(["batch_job:credit", "pipeline_run:loans"], items.EnumerateArray().Select(i => i.GetProperty("dedupKey").GetString()).Order().ToArray());
        Assert.Contains(items.EnumerateArray(), i => i.GetProperty("title").GetString() == "Pipeline loans run failed"
            && i.GetProperty("description").GetString() == "source answered 500");
    }

    [Fact]
    public async Task ThousandDriftEventsOnOneKey_TwoReplicasSharingTheQueue_OneIncidentCountingEachOnce()
    {
        var database = new Npgsql.NpgsqlConnectionStringBuilder(Incident.ConnectionString).Database!;
        // A second replica on the same database and queues: the two compete for the events, as replicas do.
        await using var replica = new ServiceFactory<MlOps.Incident.Model.IncidentResponse>("incidentdb",
            new Dictionary<string, string> { ["MlOps:Incident:ShippedDefinitionsTenants"] = "shipped-*" }, databaseName: database);
        replica.CreateClient().Dispose();
        await using var sender = await MessageCollector<DriftDetected>.StartAsync(TestInfrastructure.RabbitMq("functional"));
        var tenant = HttpExtensions.NewTenant();
        using var client = Incident.CreateClient().ForTenant(tenant);
        const int events = 1000;

        await Task.WhenAll(Enumerable.Range(0, events).Select(_ => sender.Bus.Publish(new DriftDetected
        {
            TenantId = tenant, ModelName = "credit", Version = 3, Severity = "high", ShareDrifted = 0.5, Features = [new FeatureDrift("income", "psi", 0.4, 0.2)],
        }, Cancel)));

        var items = await Eventually.WaitAsync(async () => (await client.GetFromJsonAsync<JsonElement>("/incidents", Cancel)).GetProperty("items"),
            i => i.GetArrayLength() >= 1 && i.EnumerateArray().Sum(x => x.GetProperty("alertCount").GetInt64()) >= events, "every drift event counted",
            TimeSpan.FromSeconds(60));
        Assert.Equal(events, Assert.Single(items.EnumerateArray()).GetProperty("alertCount").GetInt64());
    }

    [Fact]
    public async Task DriftOfAVersionNoLongerChampion_OpensNothing_TheChampionsDriftDoes()
    {
        await using var sender = await MessageCollector<DriftDetected>.StartAsync(TestInfrastructure.RabbitMq("functional"));
        var tenant = HttpExtensions.NewTenant();
        using var client = Incident.CreateClient().ForTenant(tenant);
        var db = Incident.Services.GetRequiredService<NpgsqlDataSource>();

        await sender.Bus.Publish(new ModelAliasChanged { TenantId = tenant, ModelName = "credit", Alias = "champion", OldVersion = 1, NewVersion = 2 }, Cancel);
        await Eventually.WaitAsync(() => Count(db, "SELECT count(*) FROM platform_facts WHERE tenant_id = @tenant AND kind = 'alias_changed'", tenant),
            n => n == 1, "incident to record the champion's move");
        // The replaced version's late window, then (once it was handled) the champion's own.
        var late = new DriftDetected { TenantId = tenant, ModelName = "credit", Version = 1, Severity = "high", ShareDrifted = 0.5, Features = [new("income", "psi", 0.4, 0.2)] };
        await sender.Bus.Publish(late, (PublishContext<DriftDetected> context) => context.MessageId = late.Id, Cancel);
        await Eventually.WaitAsync(() => Count(db, "SELECT count(*) FROM inbox_messages WHERE message_id = @id", tenant, late.Id), n => n == 1, "the late drift handled");
        await sender.Bus.Publish(late with { Id = Guid.NewGuid(), Version = 2 }, Cancel);

        var incidents = await Eventually.WaitAsync(async () => (await client.GetFromJsonAsync<JsonElement>("/incidents", Cancel)).GetProperty("items"),
            items => items.GetArrayLength() > 0, "the champion's drift incident");
        Assert.Single(incidents.EnumerateArray());
        Assert.StartsWith("Drift on credit v2", incidents[0].GetProperty("title").GetString());
        Assert.Equal(1, incidents[0].GetProperty("alertCount").GetInt64());
    }

    private static async Task<long> Count(NpgsqlDataSource db, string sql, string tenant, Guid? id = null)
    {
        await using var connection = await db.OpenConnectionAsync(Cancel);
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, sql, new { tenant, id });
    }
}
