using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using MlOps.Gateway.Authentication;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Caching;
using MlOps.Gateway.Llm.Guards;
using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Quotas;
using MlOps.Gateway.Llm.Streaming;
using MlOps.OpenAi;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace MlOps.Gateway.Llm.Endpoints;

/// <summary>
/// The LLM policy on the /v1 route, inside YARP's pipeline: virtual key, model and route, size, rate limits, cache,
/// budget reservation, then the forward with the answer filtered on its way back, settlement and usage.
/// </summary>
public sealed partial class LlmPolicyMiddleware(
    RequestDelegate next, LlmKeyPolicyStore policies, LlmQuotas quotas, TokenCounter tokens, ResponseCache cache, SemanticCache semantic,
    AnswerGuard guard, UsageRecorder usage, LlmMetrics metrics, IOptions<LlmOptions> options,
    ILogger<LlmPolicyMiddleware> logger)
{
    public const string RouteId = "llm";
    public const string CacheHeader = "x-mlops-cache";
    public const string SimilarityHeader = "x-mlops-cache-similarity";
    public const string PriceHeader = "x-mlops-price";

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
            : policy.Blocked ? new OpenAiError(403, $"This virtual key is blocked{(policy.BlockedReason is { } why ? $": {why}" : ".")}", "permission_error", "key_blocked")
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
        if (invalid is not null)
        {
            await invalid.WriteAsync(context.Response);
            return;
        }
        // The key's input guard rides with the forwarded identity: guardrail-gateway scans the prompt, once.
        context.Features.Set(new KeyInputGuard(policy!.InputGuard));
        var call = new LlmCall(policy, request!, tenant, started, tokens, options.Value);
        if (call.Price is null && call.Policy.BudgetCostMicros is not null)
        {
            await new OpenAiError(403,
                $"The model '{call.Model}' has no price, so this key's cost budget cannot cover it; set MlOps:Gateway:Llm:Prices for it (or a DefaultPrice).",
                "permission_error", "model_not_priced", "model").WriteAsync(context.Response);
            return;
        }
        // The request's usage row is promised now: when the recorder's queue is full, the request is shed rather than queued.
        if (!usage.TryAdmit())
        {
            context.Response.Headers.RetryAfter = "1";
            await new OpenAiError(503, "The gateway is recording more usage than it can write; retry shortly.", "server_error", "overloaded")
                .WriteAsync(context.Response);
            return;
        }
        try
        {
            await HandleAsync(context, call, cancellationToken);
        }
        finally
        {
            // Whatever ended the request (an exception, the client gone), it leaves its row; nothing was charged for it.
            if (!call.Recorded)
            {
                Record(call, 0, 0, 0, 0, CacheStatuses.Bypass, cancellationToken.IsCancellationRequested ? "client_aborted" : "error", 0);
            }
        }
    }

    private async Task HandleAsync(HttpContext context, LlmCall call, CancellationToken cancellationToken)
    {
        // Everything reserved below is released when the request ends, unless settled first: no path can leave it held.
        using var holds = quotas.Hold();
        if (call.PriceIsDefault)
        {
            context.Response.Headers[PriceHeader] = "default";
        }
        if (!await TryReserveAsync(context, call,
                () => quotas.ReserveRateAsync(call.Policy, call.ReservedTokens, holds, cancellationToken), "rate_limited"))
        {
            return;
        }
        quotas.WriteRateHeaders(context.Response, holds);
        var cacheStatus = call.CacheStatus(context.Request);
        var cacheKey = cacheStatus == CacheStatuses.Miss || cacheStatus == CacheStatuses.Refresh
            ? ResponseCache.KeyOf(call.Tenant, call.OutputGuard, call.Request.Body) : (ResponseCache.Key?)null;
        var question = cacheKey is not null && call.Policy.Cache == CacheModes.Semantic
            ? semantic.Prepare(call.Tenant, call.OutputGuard, call.Request) : null;
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
            CacheHitSpan.Record(context.Request, call, similarity);
            Charge(call, holds, 0, 0, 0, 0, CacheStatuses.Hit, "ok", 0);
            return;
        }
        if (!await TryReserveAsync(context, call,
                () => quotas.ReserveBudgetAsync(call.Policy, call.ReservedTokens, call.ReservedCostMicros, holds, cancellationToken), "over_budget"))
        {
            return;
        }
        context.Response.Headers[CacheHeader] = cacheStatus == CacheStatuses.Refresh ? CacheStatuses.Bypass : cacheStatus;
        await ForwardAsync(context, call, holds, cacheKey, question, cancellationToken);
    }

    // Reserves, or answers the refusal; a quota store that cannot be reached refuses the request (503, Retry-After)
    // rather than letting it through unmetered.
    private async Task<bool> TryReserveAsync(HttpContext context, LlmCall call, Func<Task<QuotaRefusal?>> reserve, string outcome)
    {
        QuotaRefusal? refusal;
        try
        {
            refusal = await reserve();
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException)
        {
            LogQuotaStoreUnavailable(logger, exception);
            Record(call, 0, 0, 0, 0, CacheStatuses.Bypass, "quota_unavailable", 0);
            context.Response.Headers.RetryAfter = "1";
            await new OpenAiError(503, "The gateway cannot reach its quota store; retry shortly.", "server_error", "quota_store_unavailable")
                .WriteAsync(context.Response);
            return false;
        }
        if (refusal is not null)
        {
            await RefuseAsync(context, call, refusal, outcome);
            return false;
        }
        return true;
    }

    private async Task ForwardAsync(HttpContext context, LlmCall call, LlmQuotas.Holds holds, ResponseCache.Key? cacheKey, SemanticCache.Question? question, CancellationToken cancellationToken)
    {
        var outputGuard = call.OutputGuard;
        var filter = call.IsEmbeddings ? null
            : new ChatStreamFilter(guard, tokens, call.Model, options.Value.StreamHoldBackCharacters, call.ReservedOutputTokens, outputGuard, call.HidesUsage);
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
            // A stream whose copy failed ends there: its unfinished last event is not sent as if it were whole.
            if (context.Features.Get<IForwarderErrorFeature>() is null)
            {
                await interceptor.CompleteStreamAsync(cancellationToken);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException && cancellationToken.IsCancellationRequested)
        {
            // The caller left while the last events were being sent: charged below for what the provider produced.
        }
        finally
        {
            context.Response.Body = original;
        }
        var error = context.Features.Get<IForwarderErrorFeature>()?.Error;
        if (!interceptor.HasEnded && (error is { } e ? IsClientSide(e) : cancellationToken.IsCancellationRequested))
        {
            // The caller left before the answer's end: the provider produced (and bills) the tokens up to then.
            var usage = interceptor.IsStream ? filter!.Usage : ChatJsonFilter.Process(interceptor.Buffered.Span, guard, OutputGuards.Off).Usage;
            var (input, output, cached) = usage is null
                ? (call.InputTokens, (int)(filter?.CountedOutputTokens ?? 0), 0)
                : (usage.InputTokens, usage.OutputTokens, usage.CachedInputTokens);
            Charge(call, holds, input, output, cached, call.CostOf(input, output, cached), CacheStatuses.Bypass, "client_aborted",
                filter?.Redactions ?? 0);
            return;
        }
        if (interceptor.IsPassThrough && GuardrailRefusal(interceptor, context.Response.StatusCode) is { } refusal)
        {
            // guardrail-gateway's input policy refused the prompt: a refusal, like a quota's, not the upstream failing.
            Activity.Current?.SetTag("mlops.guardrail.action", "block");
            Activity.Current?.SetTag("mlops.guardrail.scanner", refusal.Code);
            Charge(call, holds, 0, 0, 0, 0, CacheStatuses.Bypass, "input_blocked", 0);
            return;
        }
        // A provider connection that fails after a stream's [DONE] has still delivered (and is charged for) the whole answer.
        if ((error is not null && !interceptor.HasEnded) || interceptor.IsPassThrough || context.Response.StatusCode >= 400)
        {
            Charge(call, holds, 0, 0, 0, 0, CacheStatuses.Bypass, "upstream_error", 0);
            if (!context.Response.HasStarted)
            {
                await new OpenAiError(502, "The LLM service behind the gateway could not be reached.", "api_error", "upstream_unavailable").WriteAsync(context.Response);
            }
            return;
        }
        if (interceptor.IsStream)
        {
            // The caller has the whole stream: settling, caching and the usage row need not keep its response open.
            await context.Response.CompleteAsync();
        }
        var (answer, send) = interceptor.IsStream
            ? (StreamedAnswer(filter!, call.Model, forCache: cacheKey is not null), null)
            : WholeAnswer(interceptor, outputGuard);
        var inputTokens = answer.Usage?.InputTokens ?? call.InputTokens;
        var outputTokens = answer.Usage?.OutputTokens ?? (int)answer.CountedOutputTokens;
        var cachedTokens = answer.Usage?.CachedInputTokens ?? 0;
        Charge(call, holds, inputTokens, outputTokens, cachedTokens, call.CostOf(inputTokens, outputTokens, cachedTokens),
            context.Response.Headers[CacheHeader].ToString(), answer.Outcome, answer.Redactions);
        if (!interceptor.IsStream)
        {
            // Charged before it is sent: the provider has produced it, whether or not the caller is still there to read it.
            await SendWholeAsync(context, send);
        }
        if (cacheKey is not null && answer.Cacheable)
        {
            cache.Store(cacheKey.Value, ResponseCache.Entry.Of(answer.Completion!.Value.Span, answer.Usage), TimeSpan.FromSeconds(call.Policy.CacheTtlSeconds));
            if (question is not null)
            {
                semantic.Store(question, cacheKey.Value);
            }
        }
    }

    // An OpenAI error body of type guardrail_violation on a 4xx from guardrail-gateway.
    private static OpenAiError? GuardrailRefusal(LlmResponseInterceptor interceptor, int status) =>
        status is >= 400 and < 500 && OpenAiError.TryRead(interceptor.ErrorHead.Span, status) is { Type: OpenAiError.GuardrailViolation } refusal ? refusal : null;

    // Errors YARP reports when the caller, not the provider, ended the exchange (the caller's connection or its cancellation).
    private static bool IsClientSide(ForwarderError error) => error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled
        or ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyCanceled or ForwarderError.ResponseBodyClient;

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

    // The answer filtered, and the bytes to send: as received when unchanged, serialized again when redacted, none when blocked.
    private (LlmAnswer Answer, ReadOnlyMemory<byte>? Send) WholeAnswer(LlmResponseInterceptor interceptor, string outputGuard)
    {
        var (answer, usage, redactions, blocked, changed) = ChatJsonFilter.Process(interceptor.Buffered.Span, guard, outputGuard);
        if (blocked)
        {
            return (new LlmAnswer(usage, 0, redactions, "output_blocked", null), null);
        }
        var send = changed ? System.Text.Encoding.UTF8.GetBytes(answer!.ToJsonString(LlmJson.Options)) : interceptor.Buffered;
        return (new LlmAnswer(usage, 0, redactions, "ok", answer is null ? null : send), send);
    }

    private static async Task SendWholeAsync(HttpContext context, ReadOnlyMemory<byte>? send)
    {
        if (send is { } body)
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
            return;
        }
        context.Response.Headers.Remove(CacheHeader);
        await new OpenAiError(400, "The answer contained PII or a secret and this key blocks such answers.", "guardrail_violation", "output_blocked").WriteAsync(context.Response);
    }

    private async Task RefuseAsync(HttpContext context, LlmCall call, QuotaRefusal refusal, string outcome)
    {
        // Refused requests are not charged (their holds are released as they end) but leave their row.
        Record(call, 0, 0, 0, 0, CacheStatuses.Bypass, outcome, 0);
        quotas.WriteRefusalHeaders(context.Response, refusal);
        await refusal.ToError().WriteAsync(context.Response);
    }

    // Settles the holds and records the row together, with nothing between them that can fail: the usage rows add up to the charges.
    private void Charge(
        LlmCall call, LlmQuotas.Holds holds, int input, int output, int cached, long cost, string cacheStatus, string outcome, int redactions)
    {
        holds.Settle(input + output, cost);
        Record(call, input, output, cached, cost, cacheStatus, outcome, redactions);
    }

    private void Record(LlmCall call, int input, int output, int cached, long cost, string cacheStatus, string outcome, int redactions)
    {
        var row = new LlmUsage(Guid.CreateVersion7(), call.Policy.KeyId, call.Tenant, call.Policy.Team, call.Model, input, output, cached, cost,
            cacheStatus, Stopwatch.GetElapsedTime(call.Started).TotalMilliseconds, outcome, call.Stream);
        call.Recorded = true;
        usage.Record(row);
        metrics.Record(row, redactions);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The quota store could not be reached; the request was refused with 503")]
    private static partial void LogQuotaStoreUnavailable(ILogger logger, Exception exception);
}
