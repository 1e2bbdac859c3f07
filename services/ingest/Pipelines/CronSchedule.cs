using Cronos;

namespace MlOps.Ingest.Pipelines;

/// <summary>A pipeline's schedule: a five-field cron expression (or six with seconds), in UTC.</summary>
public static class CronSchedule
{
    /// <summary>The parsed expression, or an error naming what is wrong.</summary>
    public static (CronExpression? Cron, string? Error) Parse(string expression)
    {
        try
        {
            var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
            return (CronExpression.Parse(expression, format), null);
        }
        catch (CronFormatException e)
        {
            return (null, $"'{expression}' is not a cron expression: {e.Message}");
        }
    }

    public static DateTime? Next(string expression, DateTime after) => Parse(expression).Cron?.GetNextOccurrence(after, TimeZoneInfo.Utc);
}
