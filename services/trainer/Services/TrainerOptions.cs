using System.ComponentModel.DataAnnotations;

namespace MlOps.Trainer.Services;

/// <summary>Where the registry and the feature store are, and whether the demo model is trained on first start (and for which tenant).</summary>
public sealed class TrainerOptions
{
    public const string SectionName = "MlOps:Trainer";

    [Required]
    public Uri RegistryUrl { get; set; } = new("http://registry");

    /// <summary>Where runs on feature store training sets read them.</summary>
    [Required]
    public Uri FeatureStoreUrl { get; set; } = new("http://feature-store");

    public bool BootstrapDemoModel { get; set; } = true;

    /// <summary>The tenant that owns the demo model: the operator's, the one the generated admin key belongs to.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_-]{1,64}$")]
    public string DemoTenant { get; set; } = "admin";

    /// <summary>How long the demo model waits for ingest's demo pipeline to load its table before it trains on the embedded copy.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan DemoDataWait { get; set; } = TimeSpan.FromMinutes(3);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan RegistryRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A run still "running" after this long was abandoned (the trainer stopped mid-run); training takes seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AbandonedRunAfter { get; set; } = TimeSpan.FromMinutes(30);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan AbandonedRunSweepInterval { get; set; } = TimeSpan.FromMinutes(5);
}
