using System.ComponentModel.DataAnnotations;

namespace MlOps.GuardrailGateway.Guarding;

/// <summary>POST /v1/guard/scan: a text or chat messages, and the policy to apply (the tenant's "default" when omitted).</summary>
public sealed record ScanRequest(string? Text, IReadOnlyList<GuardMessage>? Messages, string? Policy) : IValidatableObject
{
    public const int MaxMessages = 256;

    /// <summary>The texts to scan, with their message index and role; call once validated.</summary>
    public List<(int? Index, string? Role, string Text)> Texts() =>
        Text is not null ? [(null, null, Text)] : [.. Messages!.Select((m, i) => ((int?)i, m.Role, m.Content!))];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Text is not null && Messages is null)
        {
            yield break;
        }
        if (Messages is not { Count: > 0 and <= MaxMessages } messages || Text is not null)
        {
            yield return new($"Send either 'text' or 'messages' (1 to {MaxMessages}), not both.", [nameof(Text)]);
            yield break;
        }
        var missing = messages.ToList().FindIndex(m => m?.Content is null);
        if (missing >= 0)
        {
            yield return new($"messages[{missing}].content is required.", [$"{nameof(Messages)}[{missing}].content"]);
        }
    }
}
