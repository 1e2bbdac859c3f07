using System.Globalization;
using MlOps.OpenAi;

namespace MlOps.Gateway.Llm.Quotas;

/// <summary>Why a request was refused for quota: which quota, its limit, and when its window resets.</summary>
public sealed record QuotaRefusal(QuotaSpec Spec, long Remaining)
{
    public OpenAiError ToError()
    {
        var reset = Spec.WindowEnd == DateTime.MaxValue ? "never (a total budget)" : Spec.WindowEnd.ToString("O", CultureInfo.InvariantCulture);
        var (what, code) = Spec.Kind switch
        {
            QuotaSpec.BudgetTokens => ($"The key's budget of {Spec.Limit} tokens", "budget_exceeded"),
            QuotaSpec.BudgetCost => ($"The key's budget of {Spec.Limit / 1_000_000m} (currency units)", "budget_exceeded"),
            QuotaSpec.Requests => ($"The key's limit of {Spec.Limit} requests per minute", "rate_limit_exceeded"),
            _ => ($"The key's limit of {Spec.Limit} tokens per minute", "rate_limit_exceeded"),
        };
        return new OpenAiError(429, $"{what} does not cover this request ({Remaining} left); it resets at {reset}.", code == "budget_exceeded" ? "insufficient_quota" : "rate_limit_error", code);
    }

    /// <summary>Seconds until the window resets, for Retry-After (a total budget never resets: a day is said).</summary>
    public int RetryAfterSeconds(DateTime now) =>
        Spec.WindowEnd == DateTime.MaxValue ? 86400 : Math.Max(1, (int)Math.Ceiling((Spec.WindowEnd - now).TotalSeconds));
}
