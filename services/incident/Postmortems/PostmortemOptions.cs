using System.ComponentModel.DataAnnotations;

namespace MlOps.Incident.Postmortems;

/// <summary>MlOps:Incident:Postmortem: where the narrative is drafted and how long the drafter waits for it.</summary>
public sealed class PostmortemOptions
{
    public const string SectionName = "MlOps:Incident:Postmortem";

    /// <summary>guardrail-gateway (its OpenAI-compatible /v1/chat/completions), by service discovery.</summary>
    [Required]
    public Uri LlmUrl { get; set; } = new("http://guardrail-gateway");

    [Required]
    public string Model { get; set; } = "gpt-4o-mini";

    /// <summary>Past this the narrative is left to a person: the plain template is written instead.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan LlmTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The prompt's bound: timeline lines past it are left out (the newest first).</summary>
    [Range(1_000, 100_000)]
    public int MaxPromptChars { get; set; } = 12_000;

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a claimed draft is left to its drafter before another may take it over.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
}
