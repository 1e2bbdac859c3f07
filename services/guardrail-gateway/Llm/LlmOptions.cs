using System.ComponentModel.DataAnnotations;

namespace MlOps.GuardrailGateway.Llm;

/// <summary>Providers in fallback order, and how long one provider call may take before the next is tried.</summary>
public sealed class LlmOptions
{
    public const string SectionName = "MlOps:Guardrail";

    public List<ProviderOptions> Providers { get; set; } = [];

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ProviderTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of one provider (on 429 and 5xx, with back-off) before falling back to the next.</summary>
    [Range(0, 5)]
    public int Retries { get; set; } = 2;

    /// <summary>The policy applied to chat completions (the tenant's policy of this name, else the built-in default).</summary>
    [Required]
    public string Policy { get; set; } = "default";
}
