namespace MlOps.AgentOpsTracer.Retention;

internal static partial class RetentionLog
{
    [LoggerMessage(EventId = 2401, Level = LogLevel.Information,
        Message = "Retention: created {Created} day partitions, dropped {Dropped}, deleted {Deleted} rows of tenants with a shorter retention")]
    public static partial void Done(this ILogger logger, int created, int dropped, long deleted);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Warning, Message = "Retention pass failed; it runs again at the next interval")]
    public static partial void Failed(this ILogger logger, Exception exception);
}
