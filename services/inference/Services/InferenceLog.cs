namespace MlOps.Inference.Services;

internal static partial class InferenceLog
{
    [LoggerMessage(1, LogLevel.Information, "{Model} {Alias} now serves version {Version} (was {Previous})")]
    public static partial void VersionServed(ILogger logger, string model, string alias, int version, int? previous);

    [LoggerMessage(2, LogLevel.Error, "Refused to serve {Model} {Alias} version {Version}: {Reason}")]
    public static partial void ArtifactRefused(ILogger logger, string model, string alias, int version, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Could not load {Model} {Alias} version {Version}; the previous version keeps serving")]
    public static partial void LoadFailed(ILogger logger, Exception exception, string model, string alias, int version);

    [LoggerMessage(4, LogLevel.Error, "Reconciling {Model} failed")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception, string model);

    [LoggerMessage(5, LogLevel.Warning, "The registry is not reachable yet ({Reason}); retrying")]
    public static partial void RegistryUnavailable(ILogger logger, string reason);

    [LoggerMessage(6, LogLevel.Error, "Writing {Rows} prediction-log rows failed; they are dropped")]
    public static partial void LogWriteFailed(ILogger logger, Exception exception, int rows);

    [LoggerMessage(7, LogLevel.Warning, "Shadow run of {Model} version {Version} failed")]
    public static partial void ShadowFailed(ILogger logger, Exception exception, string model, int version);

    [LoggerMessage(8, LogLevel.Error, "Batch job {JobId} failed")]
    public static partial void JobFailed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(9, LogLevel.Error, "Batch job {JobId} stopped {Times} times without progress; failing it")]
    public static partial void JobAbandoned(ILogger logger, Guid jobId, int times);

    [LoggerMessage(10, LogLevel.Information, "Canary of {Model} version {Version}: {Decision} ({Reason})")]
    public static partial void CanaryDecided(ILogger logger, string model, int version, string decision, string reason);

    [LoggerMessage(11, LogLevel.Warning, "Judging canaries failed; retrying at the next interval")]
    public static partial void JudgeFailed(ILogger logger, Exception exception);

    [LoggerMessage(12, LogLevel.Warning, "Flushing canary counts failed; they are kept for the next flush")]
    public static partial void CanaryFlushFailed(ILogger logger, Exception exception);
}
