namespace MlOps.AppHost.Infrastructure;

/// <summary>Where the platform's Prometheus and Alertmanager listen; bound from MlOps:Monitoring.</summary>
public sealed class MonitoringOptions
{
    /// <summary>Off leaves both out (the SLO API then answers 503 for burn rates).</summary>
    public bool Enabled { get; set; } = true;

    public int PrometheusPort { get; set; } = 59090;

    public int AlertmanagerPort { get; set; } = 59093;

    /// <summary>How often Prometheus scrapes and evaluates (the SLO rule groups use incident's own interval).</summary>
    public string ScrapeInterval { get; set; } = "15s";
}
