using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MlOps.GuardrailGateway.Guarding;
using MlOps.GuardrailGateway.Policies;
using MlOps.OpenAi;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.GuardrailGateway.Llm;

/// <summary>
/// What chat completions and embeddings share before the provider call: reading the body, refusing an unserved model,
/// and scanning the inputs with the configured policy (publishing violations, refusing a block OpenAI-style).
/// </summary>
public sealed class LlmRequestGuard(PolicyStore policies, GuardService guard, ViolationPublisher violations, ProviderChat providers, IOptions<LlmOptions> options)
{
    /// <summary>The body, or the OpenAI-style 400 for malformed JSON (read as the edge reads it: a duplicated member is refused).</summary>
    public static async Task<(JsonElement Body, IResult? Error)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, error) = await OpenAiJson.ReadAsync(request.Body, cancellationToken);
        return (body, error?.ToResult());
    }

    /// <summary>The OpenAI-style 404 when no provider serves the model, else null.</summary>
    public IResult? Unserved(string model) => providers.ProvidersFor(model).Count > 0 ? null
        : new OpenAiError(StatusCodes.Status404NotFound, $"The model '{model}' does not exist or no provider serves it.", OpenAiError.InvalidRequest, "model_not_found",
            "model").ToResult();

    /// <summary>
    /// Scans the texts with the tenant's policy made as strict as the caller's virtual key asks (the gateway signs the key's
    /// input guard into the identity it forwards; the edge does not scan), narrowed to <paramref name="scanners"/> when given;
    /// a block comes back as the OpenAI-style guardrail error naming the scanner and <c>{param}[i]</c>.
    /// </summary>
    public async Task<(ScanResponse Scan, IResult? Refusal)> CheckAsync(CallerIdentity caller, IReadOnlyList<(int? Index, string? Role, string Text)> texts,
        string param, IReadOnlyCollection<string>? scanners, CancellationToken cancellationToken)
    {
        var tenant = caller.Tenant;
        var policy = (await policies.GetAsync(tenant, options.Value.Policy, cancellationToken) ?? Policy.BuiltInDefault).WithKeyGuard(caller.InputGuard);
        if (scanners is not null)
        {
            policy = policy with { Scanners = [.. policy.Scanners.Where(scanners.Contains)] };
        }
        var scan = guard.Scan(policy, tenant, texts);
        await violations.PublishIfViolatedAsync(tenant, scan, texts.Select(t => t.Text), cancellationToken);
        if (scan.Action is "block" or "flag")
        {
            // The verdict on the request's span, so a tracer that receives it can tie the finding to the agent's session.
            Activity.Current?.SetTag("mlops.guardrail.action", scan.Action);
            Activity.Current?.SetTag("mlops.guardrail.scanner", scan.Findings.First(f => f.Action == scan.Action).Scanner);
        }
        if (scan.Action != "block")
        {
            return (scan, null);
        }
        var decisive = scan.Findings.First(f => f.Action == "block");
        return (scan, new OpenAiError(StatusCodes.Status400BadRequest, $"Blocked by the {decisive.Scanner} guardrail: {decisive.Kind}.",
            OpenAiError.GuardrailViolation, decisive.Scanner, $"{param}[{decisive.Message}]").ToResult());
    }
}
