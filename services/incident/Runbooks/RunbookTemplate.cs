using System.Text.Json;
using MlOps.Incident.Rules;

namespace MlOps.Incident.Runbooks;

/// <summary>
/// A runbook written once for every model or key: its text parameters may say "{{labels.model}}", filled from the labels of the
/// alert that opened the incident when a run starts, so the shipped runbooks act on whichever model drifted.
/// </summary>
public static class RunbookTemplate
{
    /// <summary>The runbook with its parameters filled; the labels it needed and the incident lacked come back in <paramref name="missing"/>.</summary>
    public static RunbookDefinition Render(RunbookDefinition runbook, IReadOnlyDictionary<string, string> labels, ICollection<string> missing) =>
        runbook with
        {
            Steps = [.. runbook.Steps.Select(step => step with
            {
                With = step.With.ToDictionary(p => p.Key, p => p.Value.ValueKind == JsonValueKind.String && DedupTemplate.HasPlaceholder(p.Value.GetString()!)
                    ? JsonSerializer.SerializeToElement(DedupTemplate.RenderLabels(p.Value.GetString()!, labels, missing))
                    : p.Value, StringComparer.Ordinal),
            })],
        };

    /// <summary>The parameters of a step whose text holds a placeholder: checked once filled, when a run starts.</summary>
    public static IReadOnlySet<string> TemplatedParameters(RunbookStep step) =>
        step.With.Where(p => p.Value.ValueKind == JsonValueKind.String && DedupTemplate.HasPlaceholder(p.Value.GetString()!)).Select(p => p.Key)
            .ToHashSet(StringComparer.Ordinal);
}
