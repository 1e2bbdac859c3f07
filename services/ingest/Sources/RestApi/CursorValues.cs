using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>Cursor values compared as dlt compares them: numbers numerically, ISO timestamps as instants, other text ordinally.</summary>
public static partial class CursorValues
{
    public static int Compare(JsonElement a, JsonElement b)
    {
        if (a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number)
        {
            return a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y) ? x.CompareTo(y) : a.GetDouble().CompareTo(b.GetDouble());
        }
        if (a.ValueKind == JsonValueKind.String && b.ValueKind == JsonValueKind.String)
        {
            var (s, t) = (a.GetString()!, b.GetString()!);
            return TryTime(s, out var ts, out _) && TryTime(t, out var tt, out _) ? ts.CompareTo(tt) : string.CompareOrdinal(s, t);
        }
        return string.CompareOrdinal(a.GetRawText(), b.GetRawText());
    }

    public static JsonElement Max(JsonElement a, JsonElement b) => Compare(a, b) >= 0 ? a : b;

    /// <summary>dlt's lag: seconds back for a timestamp, days for a date, units for a number; other values unchanged.</summary>
    public static JsonElement Subtract(JsonElement value, double lag)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.TryGetInt64(out var n) && lag == Math.Floor(lag)
                ? JsonSerializer.SerializeToElement(n - (long)lag)
                : JsonSerializer.SerializeToElement(value.GetDouble() - lag);
        }
        if (value.ValueKind == JsonValueKind.String && TryTime(value.GetString()!, out var time, out var dateOnly))
        {
            var text = dateOnly
                ? time.AddDays(-lag).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : time.AddSeconds(-lag).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
            return JsonSerializer.SerializeToElement(text);
        }
        return value;
    }

    private static bool TryTime(string text, out DateTimeOffset time, out bool dateOnly)
    {
        time = default;
        dateOnly = DateOnlyPattern().IsMatch(text);
        return (dateOnly || TimestampPattern().IsMatch(text))
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DateOnlyPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")]
    private static partial Regex TimestampPattern();
}
