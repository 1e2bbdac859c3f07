using System.Globalization;
using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Normalize;

/// <summary>Parses text (CSV cells, JSON strings) into the normalized representation, invariant culture, without allocating.</summary>
internal static class TextValues
{
    public static readonly object True = true;
    public static readonly object False = false;

    private static readonly double[] PowersOfTen = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>The type and value CSV text reads as: bool, bigint, double, timestamp, date, else text.</summary>
    public static object Infer(string text, out DataType type)
    {
        if (TryBool(text, out var flag))
        {
            type = DataType.Bool;
            return flag ? True : False;
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            type = DataType.BigInt;
            return integer;
        }
        return InferString(text, out type) ?? (TryDouble(text, out var number) ? Set(number, DataType.Double, out type) : Set(text, DataType.Text, out type));
    }

    /// <summary>The type and value a JSON string reads as: timestamp, date, else text.</summary>
    public static object InferDocumentString(string text, out DataType type) => InferString(text, out type) ?? Set(text, DataType.Text, out type);

    /// <summary>Text parsed as <paramref name="type"/>; json takes text that is a JSON value.</summary>
    public static bool TryParse(string text, DataType type, out object? value)
    {
        value = null;
        switch (type)
        {
            case DataType.Text:
                value = text;
                return true;
            case DataType.Bool when TryBool(text, out var flag):
                value = flag ? True : False;
                return true;
            case DataType.BigInt when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer):
                value = integer;
                return true;
            case DataType.Double when TryDouble(text, out var number):
                value = number;
                return true;
            case DataType.Decimal when IsNumeric(text)
                && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact):
                value = exact;
                return true;
            case DataType.Timestamp when IsoDates.TryTimestamp(text, out var instant):
                value = instant;
                return true;
            case DataType.Timestamp when IsoDates.TryDate(text, out var day):
                value = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                return true;
            case DataType.Date when IsoDates.TryDate(text, out var day):
                value = day;
                return true;
            case DataType.Json when JsonText.IsValid(text):
                value = text;
                return true;
            default:
                return false;
        }
    }

    public static bool TryBool(ReadOnlySpan<char> text, out bool value)
    {
        value = text.Length == 4 && text.Equals("true", StringComparison.OrdinalIgnoreCase);
        return value || (text.Length == 5 && text.Equals("false", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A finite number written with digits (double.TryParse alone also takes "NaN", "Infinity" and spaces).</summary>
    public static bool TryDouble(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        return TryPlainDecimal(text, out value)
            || (IsNumeric(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value));
    }

    private static object? InferString(string text, out DataType type)
    {
        type = DataType.Text;
        if (text.Length < 10 || text[4] != '-')
        {
            return null;
        }
        if (IsoDates.TryDate(text, out var day))
        {
            type = DataType.Date;
            return day;
        }
        if (IsoDates.TryTimestamp(text, out var instant))
        {
            type = DataType.Timestamp;
            return instant;
        }
        return null;
    }

    private static object Set(object value, DataType type, out DataType typeOut)
    {
        typeOut = type;
        return value;
    }

    /// <summary>
    /// `[-+]digits[.digits]` with at most 15 digits: the integer of its digits and the power of ten are both exact
    /// doubles, so one division is correctly rounded (Clinger's fast path), several times quicker than double.TryParse.
    /// </summary>
    private static bool TryPlainDecimal(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        var start = text.Length > 0 && (text[0] == '-' || text[0] == '+') ? 1 : 0;
        long mantissa = 0;
        int digits = 0, point = -1;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                mantissa = (mantissa * 10) + (c - '0');
                digits++;
            }
            else if (c == '.' && point < 0)
            {
                point = digits;
            }
            else
            {
                return false;
            }
        }
        if (digits == 0 || digits > 15 || point == digits)
        {
            return false;
        }
        value = point < 0 ? mantissa : mantissa / PowersOfTen[digits - point];
        value = text[0] == '-' ? -value : value;
        return true;
    }

    private static bool IsNumeric(ReadOnlySpan<char> text)
    {
        var digit = false;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digit = true;
            }
            else if (c is not ('.' or 'e' or 'E' or '+' or '-'))
            {
                return false;
            }
        }
        return digit;
    }
}
