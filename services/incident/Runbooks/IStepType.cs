using System.Text.Json;

namespace MlOps.Incident.Runbooks;

/// <summary>One kind of runbook step: how its parameters are checked and what one look at it does.</summary>
public interface IStepType
{
    string Type { get; }

    /// <summary>The problem with the step's parameters, naming the field ("with.model: ..."), or null.</summary>
    string? Validate(RunbookStep step);

    Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken);
}

/// <summary>Reading step parameters.</summary>
public static class StepParameters
{
    public static string? Text(this RunbookStep step, string name) =>
        step.With.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool Flag(this RunbookStep step, string name, bool fallback) =>
        step.With.TryGetValue(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : fallback;

    /// <summary>Null when the text parameter is present and non-empty, else the error naming it.</summary>
    public static string? Require(this RunbookStep step, string name, int maxLength = 200) =>
        step.Text(name) is { Length: > 0 } text && text.Length <= maxLength ? null : $"with.{name}: a string of 1–{maxLength} characters is required.";
}
