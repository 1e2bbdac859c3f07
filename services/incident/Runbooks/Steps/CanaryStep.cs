using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Contracts;
using MlOps.Incident.Calls;
using MlOps.Incident.Lifecycle;

namespace MlOps.Incident.Runbooks.Steps;

/// <summary>
/// canary {model, steps?, holdRequests?, holdSeconds?, maxErrorRate?, maxP99Ratio?, maxP99Milliseconds?, minAgreement?, maxPredictionPsi?}:
/// starts inference's canary analysis of the model's challenger and follows it: each step's decision goes on the timeline, a
/// promotion (through the registry's gate) finishes the step, a rollback fails it with the analysis's reason.
/// </summary>
public sealed class CanaryStep(InferenceClient inference) : IStepType
{
    private static readonly string[] Settings =
        ["steps", "holdRequests", "holdSeconds", "maxErrorRate", "maxP99Ratio", "maxP99Milliseconds", "minAgreement", "agreementTolerance", "maxPredictionPsi"];

    public string Type => "canary";

    public string? Validate(RunbookStep step) =>
        step.Require("model")
        ?? step.With.Keys.Where(k => k != "model" && !Settings.Contains(k)).Select(k => $"with.{k}: not a canary setting; known: model, {string.Join(", ", Settings)}.")
            .FirstOrDefault()
        ?? (step.With.TryGetValue("steps", out var steps) && (steps.ValueKind != JsonValueKind.Array || steps.GetArrayLength() is 0 or > 20
            || steps.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.Number || s.GetDouble() is <= 0 or > 100))
            ? "with.steps: 1–20 traffic shares, each above 0 and at most 100." : null)
        ?? Settings.Skip(1).Where(k => step.With.ContainsKey(k) && step.Number(k) is not >= 0).Select(k => $"with.{k}: a number of at least 0.").FirstOrDefault();

    public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        var model = context.Step.Text("model")!;
        if (context.State["rollout"] is null)
        {
            var settings = context.Step.With.Where(p => p.Key != "model").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            var started = await inference.StartRolloutAsync(context.Run.TenantId, model, settings, cancellationToken);
            if (started.Body is not { } rollout || RolloutId(rollout) is not { } id)
            {
                return started.Body is null ? new StepOutcome.Failed(started.Error!, started.Retryable)
                    : new StepOutcome.Failed("inference answered the rollout without an id", Retryable: false);
            }
            context.State["rollout"] = id.ToString();
            context.State["seen"] = 0;
            await Timeline.AppendAsync(context.Transaction, context.Run.IncidentId, "canary_started", context.Actor,
                $"Canary analysis of {model} v{Version(rollout)} started", new { rollout = id }, cancellationToken);
            return new StepOutcome.Waiting(TimeSpan.FromSeconds(1));
        }
        var rolloutId = Guid.Parse(context.State["rollout"]!.GetValue<string>());
        var decisions = await PlatformFacts.AllSinceAsync(context.Transaction, context.Run.TenantId, PlatformFacts.CanaryDecided, model, context.StartedAt,
            f => f.GetProperty("rolloutId").GetGuid() == rolloutId, cancellationToken);
        var seen = context.State["seen"]!.GetValue<int>();
        foreach (var decision in decisions.Skip(seen))
        {
            await Timeline.AppendAsync(context.Transaction, context.Run.IncidentId, "canary_" + decision.GetProperty("decision").GetString(), "inference",
                Describe(model, decision), decision, cancellationToken);
        }
        context.State["seen"] = decisions.Count;
        var final = decisions.FirstOrDefault(d => d.GetProperty("decision").GetString() is CanaryDecided.Promoted or CanaryDecided.RolledBack);
        return final.ValueKind == JsonValueKind.Undefined ? new StepOutcome.Waiting(TimeSpan.FromSeconds(1))
            : final.GetProperty("decision").GetString() == CanaryDecided.Promoted
                ? new StepOutcome.Done($"{model} v{final.GetProperty("challengerVersion").GetInt32()} promoted by its canary analysis",
                    new JsonObject { ["model"] = model, ["rollout"] = rolloutId, ["version"] = final.GetProperty("challengerVersion").GetInt32(),
                        ["from"] = final.TryGetProperty("championVersion", out var from) && from.ValueKind == JsonValueKind.Number ? from.GetInt32() : null })
                : new StepOutcome.Failed($"the canary of {model} v{final.GetProperty("challengerVersion").GetInt32()} was rolled back: "
                    + final.GetProperty("reason").GetString(), Retryable: false);
    }

    private static Guid? RolloutId(JsonElement rollout) =>
        (rollout.TryGetProperty("id", out var id) || rollout.TryGetProperty("rolloutId", out id)) && id.TryGetGuid(out var guid) ? guid : null;

    private static string Version(JsonElement rollout) =>
        (rollout.TryGetProperty("challengerVersion", out var version) || rollout.TryGetProperty("version", out version)) && version.ValueKind == JsonValueKind.Number
            ? version.GetInt32().ToString(CultureInfo.InvariantCulture) : "?";

    private static string Describe(string model, JsonElement decision)
    {
        var kind = decision.GetProperty("decision").GetString()!;
        var share = kind == CanaryDecided.Advanced
            ? string.Create(CultureInfo.InvariantCulture, $" to {decision.GetProperty("trafficPercent").GetDouble():G4} %") : "";
        return $"Canary of {model} v{decision.GetProperty("challengerVersion").GetInt32()} {kind.Replace('_', ' ')}{share}: {decision.GetProperty("reason").GetString()}";
    }
}
