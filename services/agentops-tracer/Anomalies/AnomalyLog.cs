namespace MlOps.AgentOpsTracer.Anomalies;

internal static partial class AnomalyLog
{
    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Agent anomaly {Kind} in session {Session} of tenant {Tenant}")]
    public static partial void Detected(this ILogger logger, string kind, string session, string tenant);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Warning, Message = "Anomaly pass failed; the touched sessions stay queued for the next pass")]
    public static partial void PassFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Warning, Message = "Session {Session} of tenant {Tenant} failed to evaluate; queued again")]
    public static partial void SessionFailed(this ILogger logger, Exception exception, string session, string tenant);
}
