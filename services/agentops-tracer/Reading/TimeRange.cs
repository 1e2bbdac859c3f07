using System.Globalization;
using Microsoft.Extensions.Options;

namespace MlOps.AgentOpsTracer.Reading;

/// <summary>A search's [from, to) from the query string: ISO 8601, the last ReadOptions.DefaultRange by default, at most MaxRange wide.</summary>
public sealed record TimeRange(DateTime From, DateTime To)
{
    public static TimeRange Parse(HttpContext context)
    {
        var query = context.Request.Query;
        var options = context.RequestServices.GetRequiredService<IOptions<ReadOptions>>().Value;
        var to = Time(query["to"], "to") ?? context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var from = Time(query["from"], "from") ?? to - options.DefaultRange;
        if (from >= to)
        {
            throw new BadHttpRequestException("from must be before to.");
        }
        if (to - from > options.MaxRange)
        {
            throw new BadHttpRequestException($"from and to may be at most {options.MaxRange.TotalDays:0.##} days apart; narrow the range.");
        }
        return new TimeRange(from, to);
    }

    public static ValueTask<TimeRange?> BindAsync(HttpContext context) => ValueTask.FromResult<TimeRange?>(Parse(context));

    private static DateTime? Time(string? value, string name) =>
        string.IsNullOrEmpty(value) ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time.UtcDateTime
        : throw new BadHttpRequestException($"{name} must be an ISO 8601 time such as 2026-01-31T12:00:00Z.");
}
