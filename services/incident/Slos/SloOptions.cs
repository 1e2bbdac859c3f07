using System.ComponentModel.DataAnnotations;

namespace MlOps.Incident.Slos;

/// <summary>MlOps:Incident:Slo: where generated Prometheus rules go, and the Prometheus that evaluates them.</summary>
public sealed class SloOptions
{
    public const string SectionName = "MlOps:Incident:Slo";

    /// <summary>The folder Prometheus reads rule files from (its rule_files glob); no rules are written when unset.</summary>
    public string? RulesDirectory { get; set; }

    /// <summary>Prometheus's base address: reloaded after rules change (--web.enable-lifecycle), asked for burn rates.</summary>
    public Uri? PrometheusUrl { get; set; }

    /// <summary>How often Prometheus evaluates each objective's rule group.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The shortest range a burn window is scaled to: a rate needs several scrapes in it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MinimumRange { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often every tenant's rule file is rewritten from the database (heals a write another replica raced).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a call to Prometheus may take before the burn API answers 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
