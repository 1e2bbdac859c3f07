using System.Globalization;

namespace MlOps.AgentOpsTracer.Reading;

/// <summary>
/// GET /traces's filters from the query string, checked: a trace is listed when the spans of it that started in [from, to)
/// match every filter given (span filters by any span, cost, duration and status over those spans).
/// </summary>
public sealed record TraceQuery(
    DateTime From, DateTime To, string? Service, string? Agent, string? Session, string? User, string? Model, bool? Error,
    decimal? MinCost, TimeSpan? MinDuration, IReadOnlyList<(string Key, string Value)> Attributes, int Limit, DateTime? Before,
    byte[]? BeforeTraceId)
{
    public const int MaxLimit = 500;
    public const int MaxAttributeFilters = 5;

    public static ValueTask<TraceQuery?> BindAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var (from, to) = TimeRange.Parse(context);
        var limit = query.ContainsKey("limit") ? Number(query["limit"], "limit") : 50;
        if (limit is < 1 or > MaxLimit)
        {
            throw new BadHttpRequestException($"limit must be between 1 and {MaxLimit}.");
        }
        var status = Text(query["status"]);
        if (status is not (null or "ok" or "error"))
        {
            throw new BadHttpRequestException("status must be ok (no error span) or error (at least one).");
        }
        var (before, beforeTrace) = Cursor(Text(query["cursor"]));
        return ValueTask.FromResult<TraceQuery?>(new TraceQuery(
            from, to, Text(query["service"]), Text(query["agent"]), Text(query["session"]), Text(query["user"]), Text(query["model"]),
            status is null ? null : status == "error", ParseMinCost(Text(query["minCost"])), ParseMinDuration(Text(query["minDurationMs"])),
            ParseAttributes(query["attribute"].ToArray()), limit, before, beforeTrace));
    }

    /// <summary>The cursor of the page that ends with this trace.</summary>
    public static string CursorOf(DateTime start, string traceId) => $"{start.Ticks.ToString(CultureInfo.InvariantCulture)}:{traceId}";

    private static string? Text(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static int Number(string? value, string name) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number
        : throw new BadHttpRequestException($"{name} must be a whole number.");

    private static decimal? ParseMinCost(string? value) =>
        value is null ? null
        : decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var cost) && cost >= 0 ? cost
        : throw new BadHttpRequestException("minCost must be a number of at least 0.");

    private static TimeSpan? ParseMinDuration(string? value) =>
        value is null ? null
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms is >= 0 and < 1e10 ? TimeSpan.FromMilliseconds(ms)
        : throw new BadHttpRequestException("minDurationMs must be a number of milliseconds of at least 0.");

    // attribute=key=value, repeatable: the span attribute's value as text (numbers and booleans as JSON writes them).
    private static List<(string, string)> ParseAttributes(string?[] values)
    {
        if (values.Length > MaxAttributeFilters)
        {
            throw new BadHttpRequestException($"at most {MaxAttributeFilters} attribute filters are allowed.");
        }
        var filters = new List<(string, string)>();
        foreach (var value in values)
        {
            var equals = value?.IndexOf('=', StringComparison.Ordinal) ?? -1;
            if (equals < 1)
            {
                throw new BadHttpRequestException("attribute must be key=value, such as attribute=deployment.environment=prod.");
            }
            filters.Add((value![..equals], value[(equals + 1)..]));
        }
        return filters;
    }

    // "<trace start ticks>:<trace id hex>" of the last trace of the previous page.
    private static (DateTime?, byte[]?) Cursor(string? cursor)
    {
        if (cursor is null)
        {
            return (null, null);
        }
        var colon = cursor.IndexOf(':', StringComparison.Ordinal);
        if (colon < 1 || !long.TryParse(cursor.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTime.MaxValue.Ticks || cursor.Length - colon - 1 != 32 || !cursor[(colon + 1)..].All(char.IsAsciiHexDigit))
        {
            throw new BadHttpRequestException("cursor: not one this API gave; pass the nextCursor of a previous page.");
        }
        return (new DateTime(ticks, DateTimeKind.Utc), Convert.FromHexString(cursor.AsSpan(colon + 1)));
    }
}
