using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Incident.Calls;

namespace MlOps.Incident.Runbooks.Steps;

/// <summary>Steps that act on other services: a refusal (4xx) goes straight to the failure route, anything else uses the retries.</summary>
public static class CallOutcomes
{
    public static StepOutcome ToOutcome(this CallResult result, Func<JsonElement, StepOutcome.Done> done) =>
        result.Body is { } body ? done(body) : new StepOutcome.Failed(result.Error!, result.Retryable);

    /// <summary>A number parameter, or null when absent or not a number.</summary>
    public static double? Number(this RunbookStep step, string name) =>
        step.With.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    /// <summary>The step's parameters echoed as its output, so later steps and the run's record see what was changed.</summary>
    public static JsonObject Output(params (string Name, JsonNode? Value)[] values) => new(values.Select(v => KeyValuePair.Create(v.Name, v.Value)));
}
