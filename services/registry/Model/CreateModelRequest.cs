using System.ComponentModel.DataAnnotations;
using MlOps.Registry.Services;

namespace MlOps.Registry.Model;

/// <summary>Registering a new model name.</summary>
public sealed record CreateModelRequest(
    [Required, StringLength(128, MinimumLength = 1),
     RegularExpression(Names.ModelPattern, ErrorMessage = "A model name is 1-128 characters: letters, digits, '.', '_', '-', starting with a letter or digit.")]
    string Name,
    [StringLength(4000)] string? Description,
    Dictionary<string, string>? Tags) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Names.TagProblem(Tags) is { } problem)
        {
            yield return new(problem, [nameof(Tags)]);
        }
    }
}
