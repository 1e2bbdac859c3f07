using MlOps.Incident.Model;
using MlOps.Incident.Rules;

namespace MlOps.Incident.Runbooks;

/// <summary>Checks a runbook before it is stored: known step types and parameters, references that exist, no cycles.</summary>
public sealed class RunbookValidator(IEnumerable<IStepType> stepTypes)
{
    public const int MaxSteps = 50;
    public const int MaxRetries = 10;

    private readonly Dictionary<string, IStepType> _types = stepTypes.ToDictionary(t => t.Type, StringComparer.Ordinal);

    public string? Validate(RunbookDefinition runbook)
    {
        if (!ResourceNames.IsValid(runbook.Name))
        {
            return "name: 1–64 characters, lower-case letters, digits, '-' and '_', starting with a letter or digit.";
        }
        if (runbook.Steps is not { Count: > 0 and <= MaxSteps } steps)
        {
            return $"steps: 1–{MaxSteps} steps.";
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            if (StepProblem(steps[i], ids) is { } problem)
            {
                return $"steps[{i}].{problem}";
            }
        }
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Next is { } next && !ids.Contains(next))
            {
                return $"steps[{i}].next: no step '{next}'.";
            }
            if (steps[i].OnFailure is { } failure && failure is not ("escalate" or "fail") && !ids.Contains(failure))
            {
                return $"steps[{i}].onFailure: 'escalate', 'fail' or a step id; no step '{failure}'.";
            }
        }
        return Cycle(steps) is { } cycle ? $"steps: {cycle} forms a cycle; a runbook must end." : null;
    }

    private string? StepProblem(RunbookStep step, HashSet<string> ids)
    {
        if (step is null)
        {
            return "id: a step object is required.";
        }
        if (!ResourceNames.IsValid(step.Id))
        {
            return "id: 1–64 characters, lower-case letters, digits, '-' and '_'.";
        }
        if (!ids.Add(step.Id!))
        {
            return $"id: '{step.Id}' is used twice.";
        }
        if (step.Type is null || !_types.TryGetValue(step.Type, out var type))
        {
            return $"type: unknown step type '{step.Type}'; known: {string.Join(", ", _types.Keys.Order())}.";
        }
        if (step.Timeout is { } timeout && !RuleDuration.TryParse(timeout, out _))
        {
            return $"timeout: '{timeout}' is not a duration such as 30s, 10m or 6h.";
        }
        if (step.Retries is < 0 or > MaxRetries)
        {
            return $"retries: 0–{MaxRetries}.";
        }
        var templated = RunbookTemplate.TemplatedParameters(step);
        if (templated.Select(name => (name, placeholder: DedupTemplate.UnknownLabelPlaceholder(step.Text(name)!))).FirstOrDefault(p => p.placeholder is not null)
            is ({ } field, { } unknown))
        {
            return $"with.{field}: '{unknown}' is not a placeholder a runbook can fill; use {{{{labels.NAME}}}}.";
        }
        // A templated parameter is checked once filled, when a run starts; the rest of the step now.
        var problem = type.Validate(step);
        return problem is not null && templated.Any(name => problem.StartsWith($"with.{name}:", StringComparison.Ordinal)) ? null : problem;
    }

    /// <summary>The first problem of a filled-in step (a run's), naming the step; null when every step is sound.</summary>
    public string? ValidateFilled(RunbookDefinition runbook) =>
        runbook.Steps.Select(step => _types[step.Type].Validate(step) is { } problem ? $"step {step.Id}: {problem}" : null).FirstOrDefault(p => p is not null);

    /// <summary>A path that comes back to a step it left, through next (or the following step) and onFailure; null when none.</summary>
    private static string? Cycle(IReadOnlyList<RunbookStep> steps)
    {
        var index = steps.Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        IEnumerable<int> Edges(int i)
        {
            var next = steps[i].Next is { } n ? index[n] : i + 1;
            if (next < steps.Count)
            {
                yield return next;
            }
            if (steps[i].OnFailure is { } f && index.TryGetValue(f, out var failure))
            {
                yield return failure;
            }
        }
        var state = new int[steps.Count];
        var path = new Stack<int>();
        string? Visit(int i)
        {
            state[i] = 1;
            path.Push(i);
            foreach (var to in Edges(i))
            {
                if (state[to] == 1)
                {
                    return string.Join(" → ", path.Reverse().SkipWhile(p => p != to).Append(to).Select(p => steps[p].Id));
                }
                if (state[to] == 0 && Visit(to) is { } found)
                {
                    return found;
                }
            }
            path.Pop();
            state[i] = 2;
            return null;
        }
        for (var i = 0; i < steps.Count; i++)
        {
            if (state[i] == 0 && Visit(i) is { } cycle)
            {
                return cycle;
            }
        }
        return null;
    }
}
