using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MlOps.Slo.Tests;

/// <summary>
/// The monitoring loop as the AppHost wires it, over real HTTP: a scrape target, Prometheus (scraping it with the metrics
/// credential, reading the rules incident writes, alerting to Alertmanager), Alertmanager (posting to incident with the
/// platform Alertmanager's identity from the gateway's token endpoint), incident and the gateway. Windows of seconds.
/// </summary>
public sealed class SloStack : IAsyncLifetime
{
    public const string AlertmanagerSecret = "slo-test-alertmanager-secret";

    private readonly string _prometheusFolder = MonitoringServer.NewFolder("prometheus");
    private readonly int _prometheusPort = MonitoringServer.FreePort();

    public ServiceFactory<MlOps.Gateway.Model.ApiKeyIdentity> Gateway { get; private set; } = null!;
    public ServiceFactory<MlOps.Incident.Model.IncidentResponse> Incident { get; private set; } = null!;
    public MonitoringServer Alertmanager { get; private set; } = null!;
    public MonitoringServer Prometheus { get; private set; } = null!;
    public FakeInferenceTarget Target { get; private set; } = null!;
    /// <summary>A second tenant's model, for the runbook test (each test burns its own tenant's budget).</summary>
    public FakeInferenceTarget RunbookTarget { get; private set; } = null!;

    public string RulesDirectory => Path.Combine(_prometheusFolder, "rules");

    public async ValueTask InitializeAsync()
    {
        Gateway = new ServiceFactory<MlOps.Gateway.Model.ApiKeyIdentity>("gatewaydb", new Dictionary<string, string>
        {
            ["MLOPS_ADMIN_KEY"] = "slo-test-admin-" + Guid.NewGuid().ToString("N"),
            ["MlOps:Gateway:AdminKeyFile"] = Path.Combine(_prometheusFolder, "gateway-admin-key"),
            ["MlOps:Gateway:Identity:Services:alertmanager"] = AlertmanagerSecret,
        }, virtualHost: "slo", services: collection => collection.AddSingleton(TestIdentity.Keys));
        var gateway = Listen(Gateway);
        Incident = new ServiceFactory<MlOps.Incident.Model.IncidentResponse>("incidentdb", new Dictionary<string, string>
        {
            ["MlOps:Incident:Slo:RulesDirectory"] = RulesDirectory,
            ["MlOps:Incident:Slo:PrometheusUrl"] = $"http://127.0.0.1:{_prometheusPort}",
            ["MlOps:Incident:Slo:EvaluationInterval"] = "00:00:01",
            ["MlOps:Incident:Slo:MinimumRange"] = "00:00:03",
            // These tenants route burns by their own rules; the shipped model-regression rule would take burns about a model.
            ["MlOps:Incident:ShippedDefinitionsTenants"] = "shipped-*",
        }, virtualHost: "slo");
        var incident = Listen(Incident);
        var secretFile = Path.Combine(_prometheusFolder, "alertmanager-secret");
        await File.WriteAllTextAsync(secretFile, AlertmanagerSecret + "\n");
        Alertmanager = await MonitoringServer.StartAlertmanagerAsync(_ => $$"""
            route:
              receiver: incident
              group_by: [tenant, slo, alertname]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
            - name: incident
              webhook_configs:
              - url: {{incident}}v1/alerts/alertmanager
                send_resolved: true
                http_config:
                  oauth2:
                    client_id: alertmanager
                    client_secret_file: {{secretFile}}
                    token_url: {{gateway}}identity/token
                    endpoint_params:
                      tenant: platform
            """);
        Target = await FakeInferenceTarget.StartAsync("slo-" + Guid.NewGuid().ToString("N")[..10], "credit-default", TestIdentity.MetricsCredential);
        RunbookTarget = await FakeInferenceTarget.StartAsync("slo-" + Guid.NewGuid().ToString("N")[..10], "credit-default", TestIdentity.MetricsCredential);
        Prometheus = await MonitoringServer.StartPrometheusAsync(folder => $$"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: ["{{RulesDirectory}}/*.yml"]
            alerting:
              alertmanagers:
              - static_configs: [{targets: ["{{Alertmanager.Address.Authority}}"]}]
            scrape_configs:
            - job_name: inference
              authorization: {credentials: "{{TestIdentity.MetricsCredential}}"}
              static_configs: [{targets: ["{{Target.Address.Authority}}", "{{RunbookTarget.Address.Authority}}"]}]
            """, _prometheusFolder, _prometheusPort);
    }

    /// <summary>A client of incident for the target's tenant with the given scopes.</summary>
    public HttpClient IncidentClient(string tenant, params string[] scopes) => Incident.CreateClient().Authorize(tenant, scopes);

    private static Uri Listen<T>(ServiceFactory<T> service) where T : class
    {
        service.UseKestrel(0);
        service.StartServer();
        var address = service.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.TrimEnd('/') + "/");
    }

    public async ValueTask DisposeAsync()
    {
        await Prometheus.DisposeAsync();
        await Alertmanager.DisposeAsync();
        await Target.DisposeAsync();
        await RunbookTarget.DisposeAsync();
        await Incident.DisposeAsync();
        await Gateway.DisposeAsync();
        if (Directory.Exists(_prometheusFolder))
        {
            Directory.Delete(_prometheusFolder, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SloStackCollection : ICollectionFixture<SloStack>
{
    public const string Name = "slo-stack";
}
