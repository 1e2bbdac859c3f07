using System.ComponentModel.DataAnnotations;
using MlOps.Registry.Services;

namespace MlOps.Registry.Model;

/// <summary>Changing a model's description or replacing its tags; absent fields stay as they are.</summary>
public sealed record UpdateModelRequest([StringLength(4000)] string? Description, Dictionary<string, string>? Tags) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Names.TagProblem(Tags) is { } problem)
        {
            yield return new(problem, [nameof(Tags)]);
        }
    }
}
