namespace MlOps.AgentOpsTracer.Anomalies;

internal static partial class AnomalyLog
{
    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Agent anomaly {Kind} in session {Session} of tenant {Tenant}")]
    public static partial void Detected(this ILogger logger, string kind, string session, string tenant);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Warning, Message = "Anomaly pass failed; the touched sessions stay queued for the next pass")]
    public static partial void PassFailed(this ILogger logger, Exception exception);
}
