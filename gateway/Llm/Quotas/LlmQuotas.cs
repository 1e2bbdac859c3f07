using System.Globalization;
using MlOps.Gateway.Llm.Admission;

namespace MlOps.Gateway.Llm.Quotas;

/// <summary>A request's quotas: requests and tokens per minute before the call, the budget (tokens and cost) after the cache.</summary>
public sealed class LlmQuotas(QuotaBook book, TimeProvider time)
{
    /// <summary>
    /// Reservations held for one request, settled or released together. Disposing releases whatever is still held, so a
    /// request that ends in any way (a client gone, a provider failure, an exception) leaves nothing reserved.
    /// </summary>
    public sealed class Holds(QuotaBook book) : IDisposable
    {
        private readonly List<QuotaBook.Reservation> _held = [];

        public IEnumerable<QuotaLease> Leases => _held.Select(h => h.Lease);

        internal void Add(QuotaBook.Reservation reservation) => _held.Add(reservation);

        /// <summary>Charges the actual tokens and cost to every quota held (a request counts once against a per-minute request limit).</summary>
        public void Settle(long tokens, long costMicros)
        {
            foreach (var held in _held)
            {
                book.Settle(held, held.Lease.Spec.Kind switch
                {
                    QuotaSpec.Requests => 1,
                    QuotaSpec.BudgetCost => costMicros,
                    _ => tokens,
                });
            }
            _held.Clear();
        }

        /// <summary>Frees every reservation held, charging nothing (not even the request against a per-minute limit).</summary>
        public void Release()
        {
            foreach (var held in _held)
            {
                book.Release(held);
            }
            _held.Clear();
        }

        public void Dispose() => Release();
    }

    /// <summary>An empty set of holds for one request; dispose it when the request ends.</summary>
    public Holds Hold() => new(book);

    /// <summary>Requests and tokens per minute; the refusal names the limit hit.</summary>
    public Task<QuotaRefusal?> ReserveRateAsync(LlmKeyPolicy policy, long tokens, Holds holds, CancellationToken cancellationToken)
    {
        var (start, end) = QuotaWindows.Of(QuotaWindows.Minute, time.GetUtcNow().UtcDateTime);
        return ReserveAllAsync(holds, cancellationToken,
            policy.Rpm is { } rpm ? (new QuotaSpec(policy.KeyId, QuotaSpec.Requests, start, end, rpm), 1) : null,
            policy.Tpm is { } tpm ? (new QuotaSpec(policy.KeyId, QuotaSpec.Tokens, start, end, tpm), tokens) : null);
    }

    /// <summary>The budget in tokens and in cost, for the estimated input plus the output cap.</summary>
    public Task<QuotaRefusal?> ReserveBudgetAsync(LlmKeyPolicy policy, long tokens, long costMicros, Holds holds, CancellationToken cancellationToken)
    {
        var (start, end) = QuotaWindows.Of(policy.BudgetWindow, time.GetUtcNow().UtcDateTime, policy.BudgetWindowSeconds);
        return ReserveAllAsync(holds, cancellationToken,
            policy.BudgetTokens is { } budgetTokens ? (new QuotaSpec(policy.KeyId, QuotaSpec.BudgetTokens, start, end, budgetTokens, AlertAt(budgetTokens)), tokens) : null,
            policy.BudgetCostMicros is { } budgetCost ? (new QuotaSpec(policy.KeyId, QuotaSpec.BudgetCost, start, end, budgetCost, AlertAt(budgetCost)), costMicros) : null);
        long AlertAt(long limit) => (long)Math.Ceiling(limit * policy.SoftAlertRatio);
    }

    /// <summary>OpenAI's rate-limit headers for the per-minute limits this request counted against.</summary>
    public void WriteRateHeaders(HttpResponse response, Holds holds)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var lease in holds.Leases)
        {
            WriteRateHeaders(response, lease.Spec, lease.Remaining, $"{Math.Max(0, (lease.Spec.WindowEnd - now).TotalSeconds):0.###}s");
        }
    }

    /// <summary>The same headers on a refusal, with Retry-After.</summary>
    public void WriteRefusalHeaders(HttpResponse response, QuotaRefusal refusal)
    {
        var retryAfter = refusal.RetryAfterSeconds(time.GetUtcNow().UtcDateTime);
        response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        WriteRateHeaders(response, refusal.Spec, refusal.Remaining, $"{retryAfter}s");
    }

    // Only per-minute limits have these headers; budgets name their reset in the error message.
    private static void WriteRateHeaders(HttpResponse response, QuotaSpec spec, long remaining, string reset)
    {
        if (spec.Kind is not (QuotaSpec.Requests or QuotaSpec.Tokens))
        {
            return;
        }
        var suffix = spec.Kind == QuotaSpec.Requests ? "requests" : "tokens";
        response.Headers[$"x-ratelimit-limit-{suffix}"] = spec.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers[$"x-ratelimit-remaining-{suffix}"] = remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers[$"x-ratelimit-reset-{suffix}"] = reset;
    }

    private async Task<QuotaRefusal?> ReserveAllAsync(Holds holds, CancellationToken cancellationToken, params (QuotaSpec Spec, long Amount)?[] quotas)
    {
        foreach (var quota in quotas)
        {
            if (quota is not { } given)
            {
                continue;
            }
            var (spec, amount) = given;
            if (await book.TryReserveAsync(spec, amount, cancellationToken) is not { } reservation)
            {
                return new QuotaRefusal(spec, book.RemainingOf(spec));
            }
            holds.Add(reservation);
        }
        return null;
    }
}
