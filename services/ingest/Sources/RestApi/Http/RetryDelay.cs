using System.Globalization;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>How long to wait before another attempt: Retry-After (seconds or an HTTP date) when given, else exponential; capped.</summary>
public static class RetryDelay
{
    /// <param name="attempt">The attempt that just failed, from 1.</param>
    public static TimeSpan Next(int attempt, string? retryAfter, DateTimeOffset now, TimeSpan baseDelay, TimeSpan max)
    {
        TimeSpan delay;
        if (retryAfter is { } header && int.TryParse(header.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            delay = TimeSpan.FromSeconds(seconds);
        }
        else if (retryAfter is { } date && DateTimeOffset.TryParseExact(date.Trim(), "r", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var at))
        {
            delay = at > now ? at - now : TimeSpan.Zero;
        }
        else
        {
            delay = baseDelay * Math.Pow(2, Math.Min(attempt - 1, 30));
        }
        return delay > max ? max : delay;
    }
}
