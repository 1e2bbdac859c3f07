namespace MlOps.Ingest.Runs;

internal static partial class IngestLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Run {RunId} of pipeline {Pipeline} committed {Rows} rows")]
    public static partial void RunSucceeded(ILogger logger, Guid runId, string pipeline, long rows);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Run {RunId} failed unexpectedly")]
    public static partial void RunFailed(ILogger logger, Exception exception, Guid runId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Run {RunId} could not be run or recorded; it is retried when its lease runs out")]
    public static partial void RunCrashed(ILogger logger, Exception exception, Guid runId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Run {RunId} lost its lease to another replica and stopped")]
    public static partial void LeaseLost(ILogger logger, Guid runId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Scheduling pipelines failed; retried at the next poll")]
    public static partial void ScheduleFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Demo pipeline {Pipeline} created for tenant {Tenant} and queued")]
    public static partial void DemoPipelineQueued(ILogger logger, string tenant, string pipeline);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Setting up the demo pipeline failed (attempt {Attempt})")]
    public static partial void DemoPipelineFailed(ILogger logger, Exception exception, int attempt);
}
