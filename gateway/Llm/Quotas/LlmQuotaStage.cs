using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Caching;
using MlOps.Gateway.Llm.Models;
using MlOps.OpenAi;

namespace MlOps.Gateway.Llm.Quotas;

/// <summary>
/// Quota reservation: requests and tokens per minute before the cache, the budget (tokens and cost) after it. A refusal is
/// answered with its headers and leaves the request's row; a quota store that cannot be reached refuses the request (503,
/// Retry-After) rather than letting it through unmetered.
/// </summary>
public sealed partial class LlmQuotaStage(LlmQuotas quotas, LlmUsageStage usage, ILogger<LlmQuotaStage> logger)
{
    /// <summary>The request's holds, released when it ends unless settled first; marks a default price on the answer.</summary>
    public LlmQuotas.Holds Hold(HttpContext context, LlmCall call)
    {
        if (call.PriceIsDefault)
        {
            context.Response.Headers[LlmHeaders.Price] = "default";
        }
        return quotas.Hold();
    }

    /// <summary>True when the per-minute limits hold the request (their headers written); false when refused (answered).</summary>
    public async Task<bool> ReserveRateAsync(HttpContext context, LlmCall call, LlmQuotas.Holds holds, CancellationToken cancellationToken)
    {
        if (!await TryReserveAsync(context, call, holds, budget: false, cancellationToken))
        {
            return false;
        }
        quotas.WriteRateHeaders(context.Response, holds);
        return true;
    }

    /// <summary>True when the budget holds the request's estimate; false when refused (answered).</summary>
    public Task<bool> ReserveBudgetAsync(HttpContext context, LlmCall call, LlmQuotas.Holds holds, CancellationToken cancellationToken) =>
        TryReserveAsync(context, call, holds, budget: true, cancellationToken);

    // One method for both reservations, chosen by a flag rather than a delegate: no closure per request.
    private async Task<bool> TryReserveAsync(HttpContext context, LlmCall call, LlmQuotas.Holds holds, bool budget, CancellationToken cancellationToken)
    {
        QuotaRefusal? refusal;
        try
        {
            refusal = budget
                ? await quotas.ReserveBudgetAsync(call.Policy, call.ReservedTokens, call.ReservedCostMicros, holds, cancellationToken)
                : await quotas.ReserveRateAsync(call.Policy, call.ReservedTokens, holds, cancellationToken);
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException)
        {
            LogQuotaStoreUnavailable(logger, exception);
            usage.Record(call, 0, 0, 0, 0, CacheStatuses.Bypass, "quota_unavailable", 0);
            context.Response.Headers.RetryAfter = "1";
            await new OpenAiError(503, "The gateway cannot reach its quota store; retry shortly.", "server_error", "quota_store_unavailable")
                .WriteAsync(context.Response);
            return false;
        }
        if (refusal is null)
        {
            return true;
        }
        // Refused requests are not charged (their holds are released as they end) but leave their row.
        usage.Record(call, 0, 0, 0, 0, CacheStatuses.Bypass, budget ? "over_budget" : "rate_limited", 0);
        quotas.WriteRefusalHeaders(context.Response, refusal);
        await refusal.ToError().WriteAsync(context.Response);
        return false;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The quota store could not be reached; the request was refused with 503")]
    private static partial void LogQuotaStoreUnavailable(ILogger logger, Exception exception);
}
