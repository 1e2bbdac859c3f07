using System.ComponentModel.DataAnnotations;

namespace MlOps.Inference.Loading;

/// <summary>Where models come from and where verified artifacts are cached.</summary>
public sealed class InferenceOptions
{
    public const string SectionName = "MlOps:Inference";

    [Required]
    public Uri RegistryUrl { get; set; } = new("http://registry");

    /// <summary>The feature store, which fills the instances of a model trained with a feature service from entity keys.</summary>
    [Required]
    public Uri FeatureStoreUrl { get; set; } = new("http://feature-store");

    /// <summary>Verified artifacts, by sha256; re-verified before every load.</summary>
    [Required]
    public string ModelCache { get; set; } = Path.Combine(Path.GetTempPath(), "mlops-inference-models");

    /// <summary>Models served from the start as "tenant/model" (their champion and challenger are resolved at start-up).</summary>
    public List<string> Models { get; set; } = ["admin/credit-default"];

    /// <summary>Whether <see cref="Models"/> are resolved at start-up; off where no registry runs (tests of other services).</summary>
    public bool ResolveModelsOnStart { get; set; } = true;

    /// <summary>The registry's Ed25519 public key (base64) to pin; when empty it is fetched from the registry once.</summary>
    public string? SigningPublicKey { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long opening a version's session and its warm-up runs may take; a slower version is refused like a corrupt artifact.</summary>
    [Range(typeof(TimeSpan), "00:00:00.0000001", "01:00:00")]
    public TimeSpan WarmUpTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
