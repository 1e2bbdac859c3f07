using MlOps.Ingest.Schema;
namespace MlOps.Ingest.Normalize;

/// <summary>ISO 8601 dates and date-times parsed by hand: strict, culture-free and without allocating.</summary>
internal static class IsoDates
{
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
}
