namespace MlOps.Drift.Monitoring;

internal static partial class DriftLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Window {WindowId} of {Model} v{Version} ({Rows} rows): share drifted {Share:F2}, severity {Severity}")]
    public static partial void WindowEvaluated(ILogger logger, Guid windowId, string model, int version, long rows, double share, string severity);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Window {WindowId} of {Model} v{Version} not evaluated: {Reason}")]
    public static partial void WindowNotEvaluated(ILogger logger, Guid windowId, string model, int version, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Evaluating window {WindowId} failed; retrying later")]
    public static partial void WindowEvaluationFailed(ILogger logger, Guid windowId, Exception error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Performance window {WindowId} of {Model} v{Version} ({Labels} labels): AUC {Auc:F3}, accuracy {Accuracy:F3}")]
    public static partial void PerformanceEvaluated(ILogger logger, Guid windowId, string model, int version, long labels, double auc, double accuracy);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Looking for closed windows failed; retrying at the next sweep")]
    public static partial void SweepFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Skew of window {WindowId} of {Model} v{Version} not evaluated: {Reason}")]
    public static partial void SkewNotEvaluated(ILogger logger, Guid windowId, string model, int version, string reason);
}
