using System.Globalization;

namespace MlOps.Incident.Slos;

/// <summary>
/// The SRE workbook's multi-window, multi-burn-rate alerts for a 30-day objective (page: 1h and 5m above 14.4x the budget
/// rate; ticket: 6h and 30m above 6x), scaled in proportion for other objective windows so each alert still fires after the
/// same share of the budget is spent. No range is shorter than the configured floor (a rate needs a few samples).
/// </summary>
public static class BurnWindows
{
    public static readonly TimeSpan ReferenceWindow = TimeSpan.FromDays(30);

    /// <summary>The nominal windows, named as in the workbook's recording rules (slo:sli_error:ratio_rate5m ...).</summary>
    public static readonly IReadOnlyList<(string Name, TimeSpan Nominal)> All =
    [
        ("5m", TimeSpan.FromMinutes(5)), ("30m", TimeSpan.FromMinutes(30)), ("1h", TimeSpan.FromHours(1)), ("6h", TimeSpan.FromHours(6)),
    ];

    /// <summary>The two alerts: severity, long and short window names, burn-rate factor.</summary>
    public static readonly IReadOnlyList<BurnAlert> Alerts =
    [
        new("page", "1h", "5m", 14.4),
        new("ticket", "6h", "30m", 6),
    ];

    /// <summary>The range a nominal window stands for under an objective window, in whole seconds, at least <paramref name="floor"/>.</summary>
    public static TimeSpan Scaled(TimeSpan nominal, TimeSpan objectiveWindow, TimeSpan floor)
    {
        var seconds = Math.Round(nominal.TotalSeconds * objectiveWindow.TotalSeconds / ReferenceWindow.TotalSeconds);
        return TimeSpan.FromSeconds(Math.Max(seconds, Math.Ceiling(floor.TotalSeconds)));
    }

    /// <summary>A range as PromQL writes it, in seconds.</summary>
    public static string PromDuration(TimeSpan range) => ((long)range.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";

    public static TimeSpan Nominal(string name) => All.Single(w => w.Name == name).Nominal;
}

/// <summary>One burn-rate alert: fires while both windows burn faster than <see cref="Factor"/> times the budget rate.</summary>
public sealed record BurnAlert(string Severity, string LongWindow, string ShortWindow, double Factor);
