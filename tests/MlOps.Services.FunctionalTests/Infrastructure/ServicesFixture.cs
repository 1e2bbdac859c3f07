using Microsoft.Extensions.DependencyInjection;
using MlOps.TestSupport;

namespace MlOps.Services.FunctionalTests.Infrastructure;

/// <summary>Starts every service once for the whole test run (each takes a second or two) and stops them at the end.</summary>
public sealed class ServicesFixture : IAsyncLifetime
{
    private static readonly string IngestDatabase = TestInfrastructure.UniqueDatabase("ingestdb");

    private readonly Dictionary<string, IServiceUnderTest> _services = new()
    {
        // The demo pipeline is left to the ingest tests; the warehouse is its own database's schemas here.
        ["ingest"] = new ServiceFactory<MlOps.Ingest.Model.DatasetResponse>("ingestdb", new Dictionary<string, string>
        {
            ["MlOps:Ingest:BootstrapDemoPipeline"] = "false",
            ["ConnectionStrings:warehouse"] = TestInfrastructure.Postgres(IngestDatabase),
        }, databaseName: IngestDatabase) { DropDatabaseOnDispose = true },
        ["registry"] = new ServiceFactory<MlOps.Registry.Model.RegisteredModelResponse>("registrydb"),
        // No registry runs here: the demo model and configured deployments are left to the trainer and inference tests.
        ["trainer"] = new ServiceFactory<MlOps.Trainer.Model.TrainingRunResponse>("trainerdb", new Dictionary<string, string> { ["MlOps:Trainer:BootstrapDemoModel"] = "false" }),
        ["inference"] = new ServiceFactory<MlOps.Inference.Model.DeploymentResponse>("inferencedb", new Dictionary<string, string> { ["MlOps:Inference:ResolveModelsOnStart"] = "false" }),
        ["drift"] = new ServiceFactory<MlOps.Drift.Model.DriftReportResponse>("driftdb"),
        ["guardrail-gateway"] = new ServiceFactory<MlOps.GuardrailGateway.Model.PolicyResponse>("guardraildb"),
        ["agentops-tracer"] = new ServiceFactory<MlOps.AgentOpsTracer.Model.SessionResponse>("tracerdb"),
        // Quick retries, so the dead-letter test does not wait for the production back-off; notifications may reach loopback fakes.
        ["incident"] = new ServiceFactory<MlOps.Incident.Model.IncidentResponse>("incidentdb", new Dictionary<string, string>
        {
            ["MlOps:Outbound:Allow:0"] = "127.0.0.0/8",
            ["MlOps:Outbound:Allow:1"] = "::1/128",
            ["MlOps:Incident:PagerDuty:BaseUrl"] = FakePagerDuty.Server.BaseUrl,
            ["MlOps:Incident:Notifications:PollInterval"] = "00:00:00.200",
            ["MlOps:Incident:Notifications:FirstRetryDelay"] = "00:00:00.100",
            ["MlOps:Incident:Notifications:MaxAttempts"] = "4",
            ["MlOps:Messaging:Retry:Limit"] = "2",
            ["MlOps:Messaging:Retry:MinInterval"] = "00:00:00.010",
            ["MlOps:Messaging:Retry:MaxInterval"] = "00:00:00.050",
            ["MlOps:Messaging:Retry:IntervalDelta"] = "00:00:00.010",
            ["MlOps:Incident:QuietCheckInterval"] = "00:00:00.200",
            ["MlOps:Incident:GuardrailThreshold"] = "5",
            // Only the tenants of the shipped-definitions tests receive them; the other tests write their own rules.
            ["MlOps:Incident:ShippedDefinitionsTenants"] = "shipped-*",
        }, services: collection => InMemoryCalls.Route(collection, () => Current!)),
        // Only for incident's virtual-key steps: it signs with the tests' key, so it takes incident's test tokens as its own.
        ["gateway"] = new ServiceFactory<MlOps.Gateway.Model.ApiKeyIdentity>("gatewaydb", new Dictionary<string, string>
        {
            ["MLOPS_ADMIN_KEY"] = InMemoryCalls.GatewayAdminKey,
            ["MlOps:Gateway:AdminKeyFile"] = Path.Combine(Path.GetTempPath(), "mlops-functional-gateway", Guid.NewGuid().ToString("N"), "admin-key"),
        }, services: collection => collection.AddSingleton(TestIdentity.Keys)),
    };

    public IServiceUnderTest this[string service] => _services[service];

    /// <summary>The running fixture, for hosts that call each other (incident's runbook steps reach ingest and inference).</summary>
    public static ServicesFixture? Current { get; private set; }

    public ValueTask InitializeAsync()
    {
        Current = this;
        // Creating a client starts the host: migrations run and the bus connects.
        foreach (var service in _services.Values)
        {
            service.CreateClient().Dispose();
        }
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services.Values)
        {
            await service.DisposeAsync();
        }
        await FakePagerDuty.Server.DisposeAsync();
    }
}
