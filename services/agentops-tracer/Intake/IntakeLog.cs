namespace MlOps.AgentOpsTracer.Intake;

internal static partial class IntakeLog
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Debug, Message = "Stored {Stored} of {Received} spans for tenant {Tenant}; {Rejected} rejected")]
    public static partial void Stored(this ILogger logger, long stored, int received, string tenant, long rejected);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Trace intake is full; answering 503 with Retry-After {RetryAfterSeconds}s")]
    public static partial void Overloaded(this ILogger logger, int retryAfterSeconds);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Refused an OTLP request with {StatusCode}: {Reason}")]
    public static partial void Refused(this ILogger logger, int statusCode, string reason);
}
