using System.Text;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Caching;
using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Quotas;
using MlOps.Gateway.Llm.Streaming;
using MlOps.OpenAi;

namespace MlOps.Gateway.Llm.Guards;

/// <summary>
/// The last stage, for an exchange that brought an answer: ends a stream's response, puts a JSON answer through the output
/// guard (sent as received, redacted, or refused with 400), charges the usage, and offers the answer to the cache.
/// </summary>
public sealed class LlmAnswerStage(AnswerGuard guard, LlmUsageStage usage, LlmCacheStage cache)
{
    public async Task SettleAsync(HttpContext context, LlmCall call, LlmQuotas.Holds holds, LlmExchange exchange, CacheLookup lookup)
    {
        var (interceptor, filter) = exchange;
        if (interceptor.IsStream)
        {
            // The caller has the whole stream: settling, caching and the usage row need not keep its response open.
            await context.Response.CompleteAsync();
        }
        var (answer, send) = interceptor.IsStream
            ? (StreamedAnswer(filter!, call.Model, forCache: lookup.Key is not null), null)
            : WholeAnswer(interceptor, call.OutputGuard);
        var inputTokens = answer.Usage?.InputTokens ?? call.InputTokens;
        var outputTokens = answer.Usage?.OutputTokens ?? (int)answer.CountedOutputTokens;
        var cachedTokens = answer.Usage?.CachedInputTokens ?? 0;
        usage.Charge(call, holds, inputTokens, outputTokens, cachedTokens, call.CostOf(inputTokens, outputTokens, cachedTokens),
            context.Response.Headers[LlmHeaders.Cache].ToString(), answer.Outcome, answer.Redactions);
        if (!interceptor.IsStream)
        {
            // Charged before it is sent: the provider has produced it, whether or not the caller is still there to read it.
            await SendWholeAsync(context, send);
        }
        cache.Store(lookup, answer, call.Policy.CacheTtlSeconds);
    }

    // The completion form is written only when it will be cached: most streamed requests bypass the cache.
    private static LlmAnswer StreamedAnswer(ChatStreamFilter filter, string model, bool forCache) =>
        new(filter.Usage, filter.CountedOutputTokens, filter.Redactions, filter.EndedBy ?? "ok",
            forCache && filter.EndedBy is null ? CachedAnswerReplay.CompletionOf(filter, model) : null);

    // The answer filtered, and the bytes to send: as received when unchanged, serialized again when redacted, none when blocked.
    private (LlmAnswer Answer, ReadOnlyMemory<byte>? Send) WholeAnswer(LlmResponseInterceptor interceptor, string outputGuard)
    {
        var (answer, usage, redactions, blocked, changed) = ChatJsonFilter.Process(interceptor.Buffered.Span, guard, outputGuard);
        if (blocked)
        {
            return (new LlmAnswer(usage, 0, redactions, "output_blocked", null), null);
        }
        var send = changed ? Encoding.UTF8.GetBytes(answer!.ToJsonString(LlmJson.Options)) : interceptor.Buffered;
        return (new LlmAnswer(usage, 0, redactions, "ok", answer is null ? null : send), send);
    }

    private static async Task SendWholeAsync(HttpContext context, ReadOnlyMemory<byte>? send)
    {
        if (send is { } body)
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
            return;
        }
        context.Response.Headers.Remove(LlmHeaders.Cache);
        await new OpenAiError(400, "The answer contained PII or a secret and this key blocks such answers.", "guardrail_violation", "output_blocked").WriteAsync(context.Response);
    }
}
