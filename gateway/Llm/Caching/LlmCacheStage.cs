using System.Globalization;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Quotas;

namespace MlOps.Gateway.Llm.Caching;

/// <summary>
/// The response cache around the forward: looks the request up (exact, then semantic), answers a hit from the cache, marks
/// a forwarded request's cache status, and stores a cacheable answer.
/// </summary>
public sealed class LlmCacheStage(ResponseCache cache, SemanticCache semantic, LlmUsageStage usage)
{
    /// <summary>The request's cache status and keys (read before its body is forwarded).</summary>
    public CacheLookup Prepare(HttpRequest request, LlmCall call)
    {
        var status = call.CacheStatus(request);
        var key = status == CacheStatuses.Miss || status == CacheStatuses.Refresh
            ? ResponseCache.KeyOf(call.Tenant, call.OutputGuard, call.Request.Body) : (ResponseCache.Key?)null;
        var question = key is not null && call.Policy.Cache == CacheModes.Semantic
            ? semantic.Prepare(call.Tenant, call.OutputGuard, call.Request) : null;
        return new CacheLookup(status, key, question);
    }

    /// <summary>True when the cache answered the request (replayed, charged nothing, its row recorded as a hit).</summary>
    public async ValueTask<bool> TryAnswerAsync(HttpContext context, LlmCall call, LlmQuotas.Holds holds, CacheLookup lookup)
    {
        var hit = lookup.Status != CacheStatuses.Miss ? null
            : cache.Find(lookup.Key!.Value) is { } exact ? (exact, 1.0)
            : lookup.Question is not null ? semantic.Find(lookup.Question) : null;
        if (hit is not var (entry, similarity))
        {
            return false;
        }
        context.Response.Headers[LlmHeaders.Cache] = CacheStatuses.Hit;
        if (similarity < 1)
        {
            context.Response.Headers[LlmHeaders.Similarity] = similarity.ToString("0.0000", CultureInfo.InvariantCulture);
        }
        await CachedAnswerReplay.WriteAsync(context.Response, entry, call.Stream, call.ShowsStreamUsage);
        CacheHitSpan.Record(context.Request, call, similarity);
        usage.Charge(call, holds, 0, 0, 0, 0, CacheStatuses.Hit, "ok", 0);
        return true;
    }

    /// <summary>The cache status a forwarded request's answer carries (a refresh is a bypass to the caller).</summary>
    public static void MarkForwarded(HttpResponse response, CacheLookup lookup) =>
        response.Headers[LlmHeaders.Cache] = lookup.Status == CacheStatuses.Refresh ? CacheStatuses.Bypass : lookup.Status;

    /// <summary>Stores the answer when the request may be stored and the answer may be cached.</summary>
    public void Store(CacheLookup lookup, LlmAnswer answer, int ttlSeconds)
    {
        if (lookup.Key is not { } key || !answer.Cacheable)
        {
            return;
        }
        cache.Store(key, ResponseCache.Entry.Of(answer.Completion!.Value.Span, answer.Usage), TimeSpan.FromSeconds(ttlSeconds));
        if (lookup.Question is not null)
        {
            semantic.Store(lookup.Question, key);
        }
    }
}
