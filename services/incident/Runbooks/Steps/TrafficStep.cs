using MlOps.Incident.Calls;

namespace MlOps.Incident.Runbooks.Steps;

/// <summary>
/// set_traffic {model, canaryPercent, shadow = false}: sets the share of a model's traffic the challenger answers and whether it
/// shadows the champion (canaryPercent 0 and shadow false send everything to the champion).
/// </summary>
public sealed class SetTrafficStep(InferenceClient inference) : IStepType
{
    public string Type => "set_traffic";

    public string? Validate(RunbookStep step) =>
        step.Require("model")
        ?? (step.Number("canaryPercent") is >= 0 and <= 100 ? null : "with.canaryPercent: a number from 0 to 100 is required.")
        ?? (!step.With.TryGetValue("shadow", out var shadow) || shadow.ValueKind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False
            ? null : "with.shadow: true or false.");

    public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        var model = context.Step.Text("model")!;
        var canary = context.Step.Number("canaryPercent")!.Value;
        var shadow = context.Step.Flag("shadow", false);
        var result = await inference.SetTrafficAsync(context.Run.TenantId, model, canary, shadow, cancellationToken);
        return result.ToOutcome(_ => new StepOutcome.Done($"{model} traffic set: {canary}% to the challenger, shadow {(shadow ? "on" : "off")}",
            CallOutcomes.Output(("model", model), ("canaryPercent", canary), ("shadow", shadow))));
    }
}
