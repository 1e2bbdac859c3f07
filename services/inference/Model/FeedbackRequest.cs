using System.ComponentModel.DataAnnotations;

namespace MlOps.Inference.Model;

/// <summary>Ground-truth labels for earlier predictions, by the request id the prediction answered with (and the row within it).</summary>
public sealed record FeedbackRequest(IReadOnlyList<FeedbackLabel>? Labels) : IValidatableObject
{
    public const int MaxLabels = 10_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Labels is not { Count: > 0 and <= MaxLabels } labels)
        {
            yield return new($"'labels' must hold 1 to {MaxLabels} labels.", [nameof(Labels)]);
            yield break;
        }
        // A null element ([null]) is a label without its fields, refused like one.
        var badIndex = labels.ToList().FindIndex(l => l is null || l.RequestId == Guid.Empty || l.RowIndex < 0 || !double.IsFinite(l.Label));
        if (badIndex >= 0)
        {
            yield return new($"labels[{badIndex}] needs a requestId, a rowIndex ≥ 0 and a finite label.", [$"{nameof(Labels)}[{badIndex}]"]);
        }
    }
}
