using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MlOps.AppHost.Infrastructure;

/// <summary>
/// Prometheus and Alertmanager as private local servers (Debian's packages, installed by scripts/setup.sh) on their own ports
/// and data folders under .mlops: Prometheus scrapes every service's /metrics with the metrics credential and reads the SLO
/// rules incident writes; Alertmanager posts to incident's receiver under the platform Alertmanager's service identity.
/// </summary>
public static class MonitoringExtensions
{
    public static void AddMonitoring<T>(this IDistributedApplicationBuilder builder, PlatformInfrastructure infrastructure,
        IResourceBuilder<T> gateway, IResourceBuilder<T> incident, IEnumerable<IResourceBuilder<T>> scraped)
        where T : class, IResourceWithEnvironment, IResourceWithEndpoints, IResourceWithWaitSupport
    {
        var options = builder.Configuration.GetSection("MlOps:Monitoring").Get<MonitoringOptions>() ?? new MonitoringOptions();
        // Both listen on loopback only (Prometheus with its lifecycle API): not for services in containers, which the manifests monitor.
        if (!options.Enabled || infrastructure.ServicesRunAsImages)
        {
            return;
        }
        var scripts = Path.Combine(builder.AppHostDirectory, "..", "scripts", "local-infra");
        var folder = Path.Combine(infrastructure.DataDir, "monitoring");
        var rules = Path.Combine(folder, "rules");
        Directory.CreateDirectory(folder);
        var (prometheusPort, alertmanagerPort) = (Port(options.PrometheusPort), Port(options.AlertmanagerPort));

        // Prometheus reads the metrics credential from its file; the gateway knows Alertmanager's client secret, Alertmanager its file.
        LocalCredentials.IdentitySecret(infrastructure.DataDir, "metrics-credential");
        var secret = builder.AddParameter("alertmanager-credential",
            LocalCredentials.IdentitySecret(infrastructure.DataDir, "service-alertmanager"), secret: true);
        gateway.WithEnvironment("MlOps__Gateway__Identity__Services__alertmanager", secret);

        builder.Services.AddHealthChecks().AddCheck("alertmanager-accepts-connections", new TcpPortHealthCheck(options.AlertmanagerPort));
        var alertmanager = builder.AddExecutable("alertmanager", "bash", folder, Path.Combine(scripts, "alertmanager.sh"),
                Path.Combine(folder, "alertmanager"), alertmanagerPort)
            .WithEnvironment("MLOPS_INCIDENT_URL", incident.GetEndpoint("http"))
            .WithEnvironment("MLOPS_TOKEN_URL", ReferenceExpression.Create($"{gateway.GetEndpoint("http")}/identity/token"))
            .WithEnvironment("MLOPS_ALERTMANAGER_SECRET_FILE", Path.Combine(infrastructure.DataDir, "identity", "service-alertmanager"))
            .WithHealthCheck("alertmanager-accepts-connections")
            .WaitFor(incident);

        var targets = new ReferenceExpressionBuilder();
        foreach (var project in scraped.Prepend(gateway))
        {
            targets.AppendLiteral($"{project.Resource.Name}=");
            targets.Append($"{project.GetEndpoint("http")}");
            targets.AppendLiteral(" ");
        }
        builder.Services.AddHealthChecks().AddCheck("prometheus-accepts-connections", new TcpPortHealthCheck(options.PrometheusPort));
        builder.AddExecutable("prometheus", "bash", folder, Path.Combine(scripts, "prometheus.sh"), Path.Combine(folder, "prometheus"), prometheusPort)
            .WithEnvironment("MLOPS_SCRAPE_TARGETS", targets.Build())
            .WithEnvironment("MLOPS_METRICS_CREDENTIAL_FILE", Path.Combine(infrastructure.DataDir, "identity", "metrics-credential"))
            .WithEnvironment("MLOPS_RULES_DIR", rules)
            .WithEnvironment("MLOPS_ALERTMANAGER", $"127.0.0.1:{alertmanagerPort}")
            .WithEnvironment("MLOPS_SCRAPE_INTERVAL", options.ScrapeInterval)
            .WithHealthCheck("prometheus-accepts-connections")
            .WaitFor(alertmanager);

        // Incident writes its generated rules where Prometheus reads them and reloads it after each change.
        incident.WithEnvironment("MlOps__Incident__Slo__RulesDirectory", rules)
            .WithEnvironment("MlOps__Incident__Slo__PrometheusUrl", $"http://127.0.0.1:{prometheusPort}");
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
