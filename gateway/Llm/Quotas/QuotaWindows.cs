namespace MlOps.Gateway.Llm.Quotas;

/// <summary>The windows quotas count in (UTC): a minute for RPM/TPM; a day, a month, a custom length or no end for budgets.</summary>
public static class QuotaWindows
{
    public const string Minute = "minute";
    public const string Day = "day";
    public const string Month = "month";
    public const string Total = "total";
    public const string Custom = "custom";

    public static readonly string[] BudgetWindows = [Day, Month, Total, Custom];

    private static readonly DateTime Epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The start and end of the window holding <paramref name="now"/>; a total window ends at DateTime.MaxValue.</summary>
    public static (DateTime Start, DateTime End) Of(string window, DateTime now, int? customSeconds = null)
    {
        switch (window)
        {
            case Minute:
                var minute = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc);
                return (minute, minute.AddMinutes(1));
            case Day:
                return (now.Date, now.Date.AddDays(1));
            case Month:
                var month = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
                return (month, month.AddMonths(1));
            case Custom:
                var length = TimeSpan.FromSeconds(customSeconds ?? throw new ArgumentException("A custom window needs its length in seconds.", nameof(customSeconds)));
                var start = Epoch + length * Math.Floor((now - Epoch) / length);
                return (start, start + length);
            default:
                return (Epoch, DateTime.MaxValue);
        }
    }
}
