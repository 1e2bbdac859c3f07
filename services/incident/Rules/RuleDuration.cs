using System.Globalization;
using System.Text.RegularExpressions;

namespace MlOps.Incident.Rules;

/// <summary>Durations as Prometheus writes them: a whole number and s, m, h or d ("30s", "10m", "6h").</summary>
public static partial class RuleDuration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        var match = text is null ? Match.Empty : Shape().Match(text);
        if (!match.Success || !long.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > 100_000)
        {
            return false;
        }
        duration = match.Groups[2].Value switch
        {
            "s" => TimeSpan.FromSeconds(count),
            "m" => TimeSpan.FromMinutes(count),
            "h" => TimeSpan.FromHours(count),
            _ => TimeSpan.FromDays(count),
        };
        return duration > TimeSpan.Zero;
    }

    [GeneratedRegex("^([0-9]{1,6})([smhd])$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
