using System.ComponentModel.DataAnnotations;

namespace MlOps.Incident.Model;

/// <summary>
/// The definitions' rule books (rules, objectives) answer "field: why", the form the shipped definitions are checked with at
/// start-up; this turns that answer into the validation result AddValidation reports under the field's name.
/// </summary>
public static class FieldProblem
{
    public static IEnumerable<ValidationResult> Of(string? problem)
    {
        if (problem is null)
        {
            yield break;
        }
        var colon = problem.IndexOf(": ", StringComparison.Ordinal);
        // The field is the text before the first ": " (name, match.labels, maintenance[2].start); without one the whole body is at fault.
        yield return colon > 0 && !problem[..colon].Contains(' ', StringComparison.Ordinal)
            ? new ValidationResult(problem[(colon + 2)..], [problem[..colon]])
            : new ValidationResult(problem, ["body"]);
    }
}
