using System.Text.Json.Nodes;
using MlOps.Incident.Calls;

namespace MlOps.Incident.Runbooks.Steps;

/// <summary>throttle_llm_key {keyId, rpm?, tpm?}: lowers (or sets) a virtual key's requests and tokens per minute at the gateway.</summary>
public sealed class ThrottleLlmKeyStep(GatewayClient gateway) : IStepType
{
    public string Type => "throttle_llm_key";

    public string? Validate(RunbookStep step) =>
        LlmKeyParameters.RequireKeyId(step)
        ?? (step.Number("rpm") is null && step.Number("tpm") is null ? "with.rpm: give rpm, tpm or both." : null)
        ?? LlmKeyParameters.Limit(step, "rpm", 10_000_000)
        ?? LlmKeyParameters.Limit(step, "tpm", 1_000_000_000);

    public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        var keyId = LlmKeyParameters.KeyId(context.Step);
        var (rpm, tpm) = ((int?)context.Step.Number("rpm"), (int?)context.Step.Number("tpm"));
        var result = await gateway.UpdateLlmKeyAsync(context.Run.TenantId, keyId, new { rpm, tpm }, cancellationToken);
        var limits = string.Join(", ", new[] { rpm is { } r ? $"{r} requests" : null, tpm is { } t ? $"{t} tokens" : null }.OfType<string>());
        return result.ToOutcome(_ => new StepOutcome.Done($"virtual key {keyId} throttled to {limits} per minute",
            CallOutcomes.Output(("keyId", keyId.ToString()), ("rpm", rpm), ("tpm", tpm))));
    }
}

/// <summary>block_llm_key {keyId, reason?}: the gateway refuses the virtual key's LLM calls until a person unblocks it.</summary>
public sealed class BlockLlmKeyStep(GatewayClient gateway) : IStepType
{
    public string Type => "block_llm_key";

    public string? Validate(RunbookStep step) =>
        LlmKeyParameters.RequireKeyId(step) ?? (step.With.ContainsKey("reason") ? step.Require("reason", 500) : null);

    public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        var keyId = LlmKeyParameters.KeyId(context.Step);
        var reason = context.Step.Text("reason") ?? $"incident {context.Run.IncidentId}, runbook {context.Run.Runbook} step {context.Step.Id}";
        var result = await gateway.UpdateLlmKeyAsync(context.Run.TenantId, keyId, new { blocked = true, reason }, cancellationToken);
        return result.ToOutcome(_ => new StepOutcome.Done($"virtual key {keyId} blocked ({reason})",
            new JsonObject { ["keyId"] = keyId.ToString(), ["blocked"] = true }));
    }
}

/// <summary>The parameters both virtual-key steps share.</summary>
internal static class LlmKeyParameters
{
    public static Guid KeyId(RunbookStep step) => Guid.Parse(step.Text("keyId")!);

    public static string? RequireKeyId(RunbookStep step) =>
        Guid.TryParse(step.Text("keyId"), out _) ? null : "with.keyId: the virtual key's id (a GUID) is required.";

    public static string? Limit(RunbookStep step, string name, int max) =>
        !step.With.ContainsKey(name) || step.Number(name) is { } n && n == Math.Floor(n) && n >= 1 && n <= max
            ? null : $"with.{name}: a whole number from 1 to {max}.";
}
