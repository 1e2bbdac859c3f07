using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using MlOps.Gateway.Authentication;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace MlOps.Gateway.Llm;

/// <summary>
/// The LLM policy on the /v1 route, inside YARP's pipeline: virtual key, model and route, size, rate limits, cache,
/// budget reservation, then the forward with the answer filtered on its way back, settlement and usage.
/// </summary>
public sealed class LlmPolicyMiddleware(
    RequestDelegate next, LlmKeyPolicyStore policies, LlmQuotas quotas, TokenCounter tokens, ResponseCache cache, SemanticCache semantic,
    AnswerGuard guard, InputGuard inputGuard, UsageRecorder usage, LlmMetrics metrics, IOptions<LlmOptions> options)
{
    public const string RouteId = "llm";
    public const string CacheHeader = "x-mlops-cache";
    public const string SimilarityHeader = "x-mlops-cache-similarity";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetReverseProxyFeature().Route.Config.RouteId != RouteId || !HttpMethods.IsPost(context.Request.Method))
        {
            await next(context);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        var cancellationToken = context.RequestAborted;
        var keyId = Guid.Parse(context.User.FindFirst(GatewayClaims.KeyId)!.Value);
        var tenant = context.User.FindFirst(GatewayClaims.Tenant)!.Value;
        var policy = await policies.FindAsync(keyId, cancellationToken);
        var path = context.Request.Path.Value ?? "";
        var refused = policy is null
            ? new OpenAiError(403, "This API key is not a virtual key: the /v1 routes need a key created with POST /admin/llm-keys.", "permission_error", "not_a_virtual_key")
            : !policy.AllowsRoute(path) ? new OpenAiError(403, $"This virtual key may not call {path}.", "permission_error", "route_not_allowed") : null;
        if (refused is not null)
        {
            await refused.WriteAsync(context.Response);
            return;
        }
        var (body, tooLarge) = await LlmRequestBody.ReadAsync(context.Request, options.Value.MaxRequestBytes, cancellationToken);
        var (request, invalid) = tooLarge
            ? (null, new OpenAiError(413, $"The request body is larger than {options.Value.MaxRequestBytes} bytes.", "invalid_request_error", "request_too_large"))
            : LlmRequest.Parse(body, path);
        if (request is not null && !policy!.Allows(request.Model))
        {
            invalid = new OpenAiError(403, $"This virtual key may not use the model '{request.Model}'.", "permission_error", "model_not_allowed", "model");
        }
        if (invalid is null && request is not null && inputGuard.FirstViolation(request.InputTexts(), policy!.InputGuard) is { } violation)
        {
            invalid = new OpenAiError(400, $"The request was blocked by the {violation.Scanner} guard ({violation.Kind}).", "guardrail_violation", violation.Scanner, "messages");
        }
        if (invalid is not null)
        {
            await invalid.WriteAsync(context.Response);
            return;
        }
        var call = new LlmCall(policy!, request!, tenant, started, tokens, options.Value);
        await HandleAsync(context, call, cancellationToken);
    }

    private async Task HandleAsync(HttpContext context, LlmCall call, CancellationToken cancellationToken)
    {
        var holds = new LlmQuotas.Holds();
        var refusal = await quotas.ReserveRateAsync(call.Policy, call.ReservedTokens, holds, cancellationToken);
        if (refusal is not null)
        {
            await RefuseAsync(context, call, holds, refusal, "rate_limited");
            return;
        }
        quotas.WriteRateHeaders(context.Response, holds);
        var cacheStatus = call.CacheStatus(context.Request);
        var cacheKey = cacheStatus == CacheStatuses.Miss || cacheStatus == CacheStatuses.Refresh ? ResponseCache.KeyOf(call.Tenant, call.Request.Body) : (ResponseCache.Key?)null;
        var question = cacheKey is not null && call.Policy.Cache == CacheModes.Semantic ? semantic.Prepare(call.Tenant, call.Request) : null;
        var hit = cacheStatus != CacheStatuses.Miss ? null
            : cache.Find(cacheKey!.Value) is { } exact ? (exact, 1.0)
            : question is not null ? semantic.Find(question) : null;
        if (hit is var (entry, similarity))
        {
            context.Response.Headers[CacheHeader] = CacheStatuses.Hit;
            if (similarity < 1)
            {
                context.Response.Headers[SimilarityHeader] = similarity.ToString("0.0000", CultureInfo.InvariantCulture);
            }
            await CachedAnswerReplay.WriteAsync(context.Response, entry, call.Stream, call.ShowsStreamUsage);
            quotas.Settle(holds, 0, 0);
            Record(call, 0, 0, 0, 0, CacheStatuses.Hit, "ok", 0);
            return;
        }
        refusal = await quotas.ReserveBudgetAsync(call.Policy, call.ReservedTokens, call.ReservedCostMicros, holds, cancellationToken);
        if (refusal is not null)
        {
            await RefuseAsync(context, call, holds, refusal, "over_budget");
            return;
        }
        context.Response.Headers[CacheHeader] = cacheStatus == CacheStatuses.Refresh ? CacheStatuses.Bypass : cacheStatus;
        await ForwardAsync(context, call, holds, cacheKey, question, cancellationToken);
    }

    private async Task ForwardAsync(HttpContext context, LlmCall call, LlmQuotas.Holds holds, ResponseCache.Key? cacheKey, SemanticCache.Question? question, CancellationToken cancellationToken)
    {
        var outputGuard = call.IsEmbeddings ? OutputGuards.Off : call.Policy.OutputGuard;
        var filter = call.IsEmbeddings ? null
            : new ChatStreamFilter(guard, tokens, call.Model, options.Value.StreamHoldBackCharacters, call.OutputCap, outputGuard, call.HidesUsage);
        LlmRequestBody.Replace(context.Request, call.TakeBody());
        var original = context.Response.Body;
        // The server's own body feature: completing it ends the caller's response while YARP still reads the provider's.
        var server = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var interceptor = new LlmResponseInterceptor(context.Response, original, filter is null ? null : filter.Process, last => EndStreamAsync(server, last));
        context.Response.Body = interceptor;
        context.Response.OnStarting(() =>
        {
            if (!interceptor.IsPassThrough)
            {
                context.Response.ContentLength = null;
            }
            return Task.CompletedTask;
        });
        try
        {
            await next(context);
            await interceptor.CompleteStreamAsync(cancellationToken);
        }
        finally
        {
            context.Response.Body = original;
        }
        // A provider connection that fails after a stream's [DONE] has still delivered (and is charged for) the whole answer.
        var failed = context.Features.Get<IForwarderErrorFeature>() is not null && !interceptor.HasEnded;
        if (failed || interceptor.IsPassThrough || context.Response.StatusCode >= 400)
        {
            quotas.Release(holds);
            if (!context.Response.HasStarted)
            {
                await new OpenAiError(502, "The LLM service behind the gateway could not be reached.", "api_error", "upstream_unavailable").WriteAsync(context.Response);
            }
            Record(call, 0, 0, 0, 0, CacheStatuses.Bypass, "upstream_error", 0);
            return;
        }
        if (interceptor.IsStream)
        {
            // The caller has the whole stream: settling, caching and the usage row need not keep its response open.
            await context.Response.CompleteAsync();
        }
        var answer = interceptor.IsStream ? StreamedAnswer(filter!, call.Model, forCache: cacheKey is not null) : await WholeAnswerAsync(context, interceptor, outputGuard);
        var input = answer.Usage?.InputTokens ?? call.InputTokens;
        var output = answer.Usage?.OutputTokens ?? (int)answer.CountedOutputTokens;
        var cached = answer.Usage?.CachedInputTokens ?? 0;
        var cost = call.Price.Micros(input, output, cached);
        quotas.Settle(holds, input + output, cost);
        if (cacheKey is not null && answer.Cacheable)
        {
            cache.Store(cacheKey.Value, ResponseCache.Entry.Of(answer.Completion!.Value.Span, answer.Usage), TimeSpan.FromSeconds(call.Policy.CacheTtlSeconds));
            if (question is not null)
            {
                semantic.Store(question, cacheKey.Value);
            }
        }
        Record(call, input, output, cached, cost, context.Response.Headers[CacheHeader].ToString(), answer.Outcome, answer.Redactions);
    }

    // The last events are written without a flush, so that they and the response's end leave in one send, not two.
    private static Task EndStreamAsync(IHttpResponseBodyFeature server, ReadOnlyMemory<byte> last)
    {
        server.Writer.Write(last.Span);
        return server.CompleteAsync();
    }

    // The completion form is written only when it will be cached: most streamed requests bypass the cache.
    private static LlmAnswer StreamedAnswer(ChatStreamFilter filter, string model, bool forCache) =>
        new(filter.Usage, filter.CountedOutputTokens, filter.Redactions, filter.EndedBy ?? "ok",
            forCache && filter.EndedBy is null ? CachedAnswerReplay.CompletionOf(filter, model) : null);

    private async Task<LlmAnswer> WholeAnswerAsync(HttpContext context, LlmResponseInterceptor interceptor, string outputGuard)
    {
        var (answer, usage, redactions, blocked, changed) = ChatJsonFilter.Process(interceptor.Buffered.Span, guard, outputGuard);
        if (blocked)
        {
            context.Response.Headers.Remove(CacheHeader);
            await new OpenAiError(400, "The answer contained PII or a secret and this key blocks such answers.", "guardrail_violation", "output_blocked").WriteAsync(context.Response);
            return new LlmAnswer(usage, 0, redactions, "output_blocked", null);
        }
        // Unchanged answers go out as received; only a redacted one is serialized again.
        var text = changed ? answer!.ToJsonString(LlmJson.Options) : null;
        if (text is null)
        {
            await context.Response.Body.WriteAsync(interceptor.Buffered, context.RequestAborted);
        }
        else
        {
            await context.Response.WriteAsync(text, context.RequestAborted);
        }
        return new LlmAnswer(usage, 0, redactions, "ok", answer is null ? null : text is null ? interceptor.Buffered : System.Text.Encoding.UTF8.GetBytes(text));
    }

    private async Task RefuseAsync(HttpContext context, LlmCall call, LlmQuotas.Holds holds, QuotaRefusal refusal, string outcome)
    {
        quotas.Release(holds);
        quotas.WriteRefusalHeaders(context.Response, refusal);
        await refusal.ToError().WriteAsync(context.Response);
        Record(call, 0, 0, 0, 0, CacheStatuses.Bypass, outcome, 0);
    }

    private void Record(LlmCall call, int input, int output, int cached, long cost, string cacheStatus, string outcome, int redactions)
    {
        var row = new LlmUsage(Guid.CreateVersion7(), call.Policy.KeyId, call.Tenant, call.Policy.Team, call.Model, input, output, cached, cost,
            cacheStatus, Stopwatch.GetElapsedTime(call.Started).TotalMilliseconds, outcome, call.Stream);
        usage.Record(row);
        metrics.Record(row, redactions);
    }
}
