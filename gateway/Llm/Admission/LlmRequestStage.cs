using Microsoft.Extensions.Options;
using MlOps.Gateway.Authentication;
using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Quotas;
using MlOps.OpenAi;

namespace MlOps.Gateway.Llm.Admission;

/// <summary>
/// Reads the body within its size limit, judges it by the OpenAI rules, checks the model against the key and its price
/// against a cost budget, and turns it into the call the later stages work on.
/// </summary>
public sealed class LlmRequestStage(TokenCounter tokens, IOptions<LlmOptions> options)
{
    /// <summary>The call, or null when the request was refused here (413, 400 or 403, answered).</summary>
    public async ValueTask<LlmCall?> ReadAsync(HttpContext context, LlmKeyPolicy policy, long started)
    {
        var limits = options.Value;
        var path = context.Request.Path.Value ?? "";
        var (body, tooLarge) = await LlmRequestBody.ReadAsync(context.Request, limits.MaxRequestBytes, context.RequestAborted);
        var (request, invalid) = tooLarge
            ? (null, new OpenAiError(413, $"The request body is larger than {limits.MaxRequestBytes} bytes.", "invalid_request_error", "request_too_large"))
            : LlmRequest.Parse(body, path);
        if (request is not null && !policy.Allows(request.Model))
        {
            invalid = new OpenAiError(403, $"This virtual key may not use the model '{request.Model}'.", "permission_error", "model_not_allowed", "model");
        }
        if (invalid is not null)
        {
            await invalid.WriteAsync(context.Response);
            return null;
        }
        // The key's input guard rides with the forwarded identity: guardrail-gateway scans the prompt, once.
        context.Features.Set(new KeyInputGuard(policy.InputGuard));
        var tenant = context.User.FindFirst(GatewayClaims.Tenant)!.Value;
        var call = new LlmCall(policy, request!, tenant, started, tokens, limits);
        if (call.Price is null && call.Policy.BudgetCostMicros is not null)
        {
            await new OpenAiError(403,
                $"The model '{call.Model}' has no price, so this key's cost budget cannot cover it; set MlOps:Gateway:Llm:Prices for it (or a DefaultPrice).",
                "permission_error", "model_not_priced", "model").WriteAsync(context.Response);
            return null;
        }
        return call;
    }
}
