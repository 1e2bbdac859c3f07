using System.Diagnostics;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Caching;
using MlOps.Gateway.Llm.Guards;
using MlOps.Gateway.Llm.Quotas;
using MlOps.Gateway.Llm.Streaming;
using Yarp.ReverseProxy.Model;

namespace MlOps.Gateway.Llm.Endpoints;

/// <summary>
/// The LLM policy on the /v1 route, inside YARP's pipeline, as stages run in order, each answering the request itself when
/// it refuses or serves it: virtual key, request (size, model, price), usage admission, rate limits, cache, budget, the
/// forward with the answer filtered on its way back, then the upstream's outcome or the answer, settled with its usage row.
/// </summary>
public sealed class LlmPolicyMiddleware(
    RequestDelegate next, LlmKeyStage keys, LlmRequestStage requests, LlmUsageStage usage, LlmQuotaStage quotas, LlmCacheStage cache,
    LlmForwardStage forward, LlmUpstreamStage upstream, LlmAnswerStage answers)
{
    public const string RouteId = "llm";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetReverseProxyFeature().Route.Config.RouteId != RouteId || !HttpMethods.IsPost(context.Request.Method))
        {
            await next(context);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        if (await keys.AdmitAsync(context) is not { } policy
            || await requests.ReadAsync(context, policy, started) is not { } call
            || !await usage.TryAdmitAsync(context.Response))
        {
            return;
        }
        var cancellationToken = context.RequestAborted;
        try
        {
            await HandleAsync(context, call, cancellationToken);
        }
        finally
        {
            // Whatever ended the request (an exception, the client gone), it leaves its row; nothing was charged for it.
            usage.RecordUnfinished(call, cancellationToken.IsCancellationRequested);
        }
    }

    private async Task HandleAsync(HttpContext context, LlmCall call, CancellationToken cancellationToken)
    {
        // Everything reserved below is released when the request ends, unless settled first: no path can leave it held.
        using var holds = quotas.Hold(context, call);
        if (!await quotas.ReserveRateAsync(context, call, holds, cancellationToken))
        {
            return;
        }
        var lookup = cache.Prepare(context.Request, call);
        if (await cache.TryAnswerAsync(context, call, holds, lookup) || !await quotas.ReserveBudgetAsync(context, call, holds, cancellationToken))
        {
            return;
        }
        LlmCacheStage.MarkForwarded(context.Response, lookup);
        using var exchange = await forward.ForwardAsync(context, call, next, cancellationToken);
        if (!await upstream.TrySettleAsync(context, call, holds, exchange, cancellationToken))
        {
            await answers.SettleAsync(context, call, holds, exchange, lookup);
        }
    }
}
