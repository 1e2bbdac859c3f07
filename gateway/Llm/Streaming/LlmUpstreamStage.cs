using System.Diagnostics;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Caching;
using MlOps.Gateway.Llm.Guards;
using MlOps.Gateway.Llm.Quotas;
using MlOps.Gateway.Proxy;
using MlOps.OpenAi;
using Yarp.ReverseProxy.Forwarder;

namespace MlOps.Gateway.Llm.Streaming;

/// <summary>
/// Settles an exchange that brought no whole answer: the caller left (charged for what the provider produced up to then),
/// guardrail-gateway refused the prompt (a refusal, charged nothing), or the provider failed (502 when nothing was sent).
/// </summary>
public sealed class LlmUpstreamStage(AnswerGuard guard, LlmUsageStage usage)
{
    /// <summary>True when the exchange was settled here; false when it holds an answer for the answer stage.</summary>
    public async ValueTask<bool> TrySettleAsync(HttpContext context, LlmCall call, LlmQuotas.Holds holds, LlmExchange exchange, CancellationToken cancellationToken)
    {
        var (interceptor, filter) = exchange;
        var error = context.Features.Get<IForwarderErrorFeature>()?.Error;
        if (!interceptor.HasEnded && (error is { } e ? ForwarderErrorLogMiddleware.IsClientSide(e) : cancellationToken.IsCancellationRequested))
        {
            // The caller left before the answer's end: the provider produced (and bills) the tokens up to then.
            var reported = interceptor.IsStream ? filter!.Usage : ChatJsonFilter.Process(interceptor.Buffered.Span, guard, OutputGuards.Off).Usage;
            var (input, output, cached) = reported is null
                ? (call.InputTokens, (int)(filter?.CountedOutputTokens ?? 0), 0)
                : (reported.InputTokens, reported.OutputTokens, reported.CachedInputTokens);
            usage.Charge(call, holds, input, output, cached, call.CostOf(input, output, cached), CacheStatuses.Bypass, "client_aborted",
                filter?.Redactions ?? 0);
            return true;
        }
        if (interceptor.IsPassThrough && GuardrailRefusal(interceptor, context.Response.StatusCode) is { } refusal)
        {
            // guardrail-gateway's input policy refused the prompt: a refusal, like a quota's, not the upstream failing.
            Activity.Current?.SetTag("mlops.guardrail.action", "block");
            Activity.Current?.SetTag("mlops.guardrail.scanner", refusal.Code);
            usage.Charge(call, holds, 0, 0, 0, 0, CacheStatuses.Bypass, "input_blocked", 0);
            return true;
        }
        // A provider connection that fails after a stream's [DONE] has still delivered (and is charged for) the whole answer.
        if ((error is not null && !interceptor.HasEnded) || interceptor.IsPassThrough || context.Response.StatusCode >= 400)
        {
            usage.Charge(call, holds, 0, 0, 0, 0, CacheStatuses.Bypass, "upstream_error", 0);
            if (!context.Response.HasStarted)
            {
                await new OpenAiError(502, "The LLM service behind the gateway could not be reached.", "api_error", "upstream_unavailable").WriteAsync(context.Response);
            }
            return true;
        }
        return false;
    }

    // An OpenAI error body of type guardrail_violation on a 4xx from guardrail-gateway.
    private static OpenAiError? GuardrailRefusal(LlmResponseInterceptor interceptor, int status) =>
        status is >= 400 and < 500 && OpenAiError.TryRead(interceptor.ErrorHead.Span, status) is { Type: OpenAiError.GuardrailViolation } refusal ? refusal : null;
}
