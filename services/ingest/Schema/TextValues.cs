using System.Globalization;

namespace MlOps.Ingest.Schema;

/// <summary>Parses text (CSV cells, JSON strings) into the normalized representation, invariant culture, without allocating.</summary>
internal static class TextValues
{
    public static readonly object True = true;
    public static readonly object False = false;

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
            case DataType.Timestamp when TryTimestamp(text, out var instant):
                value = instant;
                return true;
            case DataType.Timestamp when TryDate(text, out var day):
                value = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                return true;
            case DataType.Date when TryDate(text, out var day):
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
        return IsNumeric(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    /// <summary>ISO 8601 `yyyy-MM-dd(T| )HH:mm[:ss[.fffffffff]][Z|±HH[:mm]]`, no offset meaning UTC, as a UTC DateTime.</summary>
    public static bool TryTimestamp(ReadOnlySpan<char> text, out DateTime value)
    {
        value = default;
        if (text.Length < 16 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !TryDate(text[..10], out var day)
            || !TwoDigits(text, 11, 23, out var hour) || text[13] != ':' || !TwoDigits(text, 14, 59, out var minute))
        {
            return false;
        }
        int position = 16, second = 0;
        long fraction = 0;
        if (position < text.Length && text[position] == ':')
        {
            if (!TwoDigits(text, 17, 59, out second))
            {
                return false;
            }
            position = 19;
            if (position < text.Length && text[position] == '.')
            {
                var digits = 0;
                for (position++; position < text.Length && char.IsAsciiDigit(text[position]); position++, digits++)
                {
                    // Ticks are 100 ns: digits past the seventh are dropped.
                    fraction = digits < 7 ? (fraction * 10) + (text[position] - '0') : fraction;
                }
                if (digits == 0)
                {
                    return false;
                }
                for (; digits < 7; digits++)
                {
                    fraction *= 10;
                }
            }
        }
        if (!TryOffset(text[position..], out var offset))
        {
            return false;
        }
        var ticks = day.ToDateTime(new TimeOnly(hour, minute, second), DateTimeKind.Utc).Ticks + fraction - offset.Ticks;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }
        value = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    /// <summary>Exactly `yyyy-MM-dd`.</summary>
    public static bool TryDate(ReadOnlySpan<char> text, out DateOnly value)
    {
        value = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-' || !TwoDigits(text, 5, 12, out var month) || month == 0
            || !TwoDigits(text, 8, 31, out var day) || day == 0)
        {
            return false;
        }
        var year = 0;
        for (var i = 0; i < 4; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
            year = (year * 10) + (text[i] - '0');
        }
        if (year == 0 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        value = new DateOnly(year, month, day);
        return true;
    }

    private static object? InferString(string text, out DataType type)
    {
        type = DataType.Text;
        if (text.Length < 10 || text[4] != '-')
        {
            return null;
        }
        if (TryDate(text, out var day))
        {
            type = DataType.Date;
            return day;
        }
        if (TryTimestamp(text, out var instant))
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

    private static bool TryOffset(ReadOnlySpan<char> text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (text.IsEmpty || (text.Length == 1 && (text[0] == 'Z' || text[0] == 'z')))
        {
            return true;
        }
        if ((text[0] != '+' && text[0] != '-') || !TwoDigits(text, 1, 23, out var hours))
        {
            return false;
        }
        var minutes = 0;
        var rest = text[3..];
        if (rest.Length > 0 && !((rest.Length == 2 && TwoDigits(rest, 0, 59, out minutes))
            || (rest.Length == 3 && rest[0] == ':' && TwoDigits(rest, 1, 59, out minutes))))
        {
            return false;
        }
        offset = new TimeSpan(hours, minutes, 0);
        offset = text[0] == '-' ? -offset : offset;
        return true;
    }

    private static bool TwoDigits(ReadOnlySpan<char> text, int at, int max, out int value)
    {
        value = 0;
        if (at + 2 > text.Length || !char.IsAsciiDigit(text[at]) || !char.IsAsciiDigit(text[at + 1]))
        {
            return false;
        }
        value = ((text[at] - '0') * 10) + (text[at + 1] - '0');
        return value <= max;
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
