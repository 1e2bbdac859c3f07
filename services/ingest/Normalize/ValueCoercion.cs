using System.Globalization;
using System.Text.Json;
using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Normalize;

/// <summary>
/// Values in the representation TableRows documents (bool, long, double, decimal, string, UTC DateTime, DateOnly, JSON
/// text) and the lossless conversions between types; what does not convert goes to a variant column.
/// </summary>
internal static class ValueCoercion
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    /// <summary>A value from a typed tabular source in the representation, or null for JSON null.</summary>
    public static object? Represent(object value, out DataType type)
    {
        switch (value)
        {
            case string:
                type = DataType.Text;
                return value;
            case long:
                type = DataType.BigInt;
                return value;
            case int or short or byte or sbyte or ushort or uint:
                type = DataType.BigInt;
                return Convert.ToInt64(value, CultureInfo.InvariantCulture);
            case ulong big when big <= long.MaxValue:
                type = DataType.BigInt;
                return (long)big;
            case double:
                type = DataType.Double;
                return value;
            case float single:
                type = DataType.Double;
                return (double)single;
            case decimal or ulong:
                type = DataType.Decimal;
                return Convert.ToDecimal(value, CultureInfo.InvariantCulture);
            case bool flag:
                type = DataType.Bool;
                return flag ? TextValues.True : TextValues.False;
            case DateTime instant:
                type = DataType.Timestamp;
                return instant.Kind switch
                {
                    DateTimeKind.Utc => value,
                    // A time without a zone is taken as UTC, as dlt does.
                    DateTimeKind.Unspecified => DateTime.SpecifyKind(instant, DateTimeKind.Utc),
                    _ => instant.ToUniversalTime(),
                };
            case DateTimeOffset offset:
                type = DataType.Timestamp;
                return offset.UtcDateTime;
            case DateOnly:
                type = DataType.Date;
                return value;
            case JsonElement element:
                return Represent(element, out type);
            default:
                type = DataType.Text;
                return Format(value);
        }
    }

    public static object? Represent(JsonElement element, out DataType type)
    {
        type = DataType.Text;
        switch (element.ValueKind)
        {
            case JsonValueKind.True or JsonValueKind.False:
                type = DataType.Bool;
                return element.ValueKind == JsonValueKind.True ? TextValues.True : TextValues.False;
            case JsonValueKind.Number when element.TryGetInt64(out var integer):
                type = DataType.BigInt;
                return integer;
            case JsonValueKind.Number when element.TryGetDouble(out var number) && double.IsFinite(number):
                type = DataType.Double;
                return number;
            case JsonValueKind.String:
                return TextValues.InferDocumentString(element.GetString()!, out type);
            case JsonValueKind.Object or JsonValueKind.Array:
                type = DataType.Json;
                return element.GetRawText();
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            default:
                // A number past double's range: kept as its digits.
                return element.GetRawText();
        }
    }

    /// <summary>True when the value already is the representation of <paramref name="type"/> (the fast path).</summary>
    public static bool Fits(object value, DataType type) => type switch
    {
        DataType.Text => value is string,
        DataType.BigInt => value is long,
        DataType.Double => value is double,
        DataType.Bool => value is bool,
        DataType.Decimal => value is decimal,
        DataType.Timestamp => value is DateTime { Kind: DateTimeKind.Utc },
        DataType.Date => value is DateOnly,
        _ => false,
    };

    /// <summary>A value of type <paramref name="from"/> as <paramref name="to"/>, when nothing is lost (a string that parses).</summary>
    public static bool TryCoerce(object value, DataType from, DataType to, out object? result)
    {
        result = value;
        if (from == to)
        {
            return true;
        }
        if (to == DataType.Text)
        {
            result = Format(value);
            return true;
        }
        if (value is string text && from == DataType.Text)
        {
            if (to == DataType.Json)
            {
                result = JsonText.Quote(text);
                return true;
            }
            if (TextValues.TryParse(text, to, out result))
            {
                return true;
            }
            var inferred = TextValues.Infer(text, out var inferredType);
            return inferredType != DataType.Text && TryCoerce(inferred, inferredType, to, out result);
        }
        result = (to, value) switch
        {
            (DataType.Json, string or DateTime or DateOnly) => JsonText.Quote(Format(value)),
            (DataType.Json, double number) when double.IsFinite(number) => Format(value),
            (DataType.Json, bool or long or decimal) => Format(value),
            (DataType.BigInt, double number) when number % 1 == 0 && number >= long.MinValue && number < 9.2233720368547758E18 => (long)number,
            (DataType.BigInt, decimal exact) when exact % 1 == 0 && exact >= long.MinValue && exact <= long.MaxValue => (long)exact,
            (DataType.Double, long integer) => (double)integer,
            (DataType.Double, decimal exact) => (double)exact,
            (DataType.Decimal, long integer) => (decimal)integer,
            (DataType.Decimal, double number) when decimal.TryParse(Format(number), NumberStyles.Float, CultureInfo.InvariantCulture,
                out var parsed) => parsed,
            (DataType.Timestamp, DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            (DataType.Date, DateTime instant) when instant.TimeOfDay == TimeSpan.Zero => DateOnly.FromDateTime(instant),
            _ => null,
        };
        return result is not null;
    }

    /// <summary>A value as text (what a text column holds for it): invariant numbers, ISO 8601 times, JSON as is.</summary>
    public static string Format(object value) => value switch
    {
        string text => text,
        bool flag => flag ? "true" : "false",
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        float number => number.ToString("R", CultureInfo.InvariantCulture),
        DateTime instant => Utc(instant).ToString(TimestampFormat, CultureInfo.InvariantCulture),
        DateTimeOffset offset => offset.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        JsonElement element => element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText(),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static DateTime Utc(DateTime instant) => instant.Kind switch
    {
        DateTimeKind.Local => instant.ToUniversalTime(),
        _ => instant,
    };
}
