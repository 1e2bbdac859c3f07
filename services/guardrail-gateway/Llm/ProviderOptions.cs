using System.ComponentModel.DataAnnotations;

namespace MlOps.GuardrailGateway.Llm;

/// <summary>One OpenAI-compatible provider: where it is, its key (a secret), and the models it serves (none listed, or "*": any).</summary>
public sealed class ProviderOptions
{
    [Required]
    public string Name { get; set; } = "";

    /// <summary>Base address including the API version segment, e.g. https://api.openai.com/v1/.</summary>
    [Required]
    public Uri? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    // Empty by default: configuration binding appends to a list's initial items instead of replacing them.
    public List<string> Models { get; set; } = [];
}
