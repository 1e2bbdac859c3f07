namespace MlOps.Trainer.Services;

internal static partial class TrainerLog
{
    [LoggerMessage(1, LogLevel.Information, "Training run {RunId} of {Model} registered version {Version} (promoted: {Promoted}, holdout AUC {Auc:F4})")]
    public static partial void RunSucceeded(ILogger logger, Guid runId, string model, int version, bool promoted, double auc);

    [LoggerMessage(2, LogLevel.Error, "Training run {RunId} of {Model} failed")]
    public static partial void RunFailed(ILogger logger, Exception exception, Guid runId, string model);

    [LoggerMessage(3, LogLevel.Information, "Tenant {Tenant} has no champion for the demo model {Model}; training it on {Source}")]
    public static partial void TrainingDemoModel(ILogger logger, string tenant, string model, string source);

    [LoggerMessage(4, LogLevel.Warning, "The demo model bootstrap failed ({Error}: {Reason}); retrying in {Delay}")]
    public static partial void DemoBootstrapRetry(ILogger logger, string error, string reason, TimeSpan delay);

    [LoggerMessage(5, LogLevel.Warning, "Marked {Runs} abandoned training run(s) as failed")]
    public static partial void RunsAbandoned(ILogger logger, int runs);

    [LoggerMessage(6, LogLevel.Warning, "Sweeping abandoned training runs failed")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(7, LogLevel.Information, "Training run {RunId} reads {Rows} rows of {Dataset}.{Table} as of load {Load}")]
    public static partial void TrainingOnWarehouseData(ILogger logger, Guid runId, int rows, string dataset, string table, string load);

    [LoggerMessage(8, LogLevel.Information, "The warehouse is not reachable yet ({Reason}); the demo model waits for its table")]
    public static partial void WarehouseUnavailable(ILogger logger, string reason);

    [LoggerMessage(9, LogLevel.Information, "Training run {RunId} compared {Model} with champion v{Champion} on the same rows: {Figures}")]
    public static partial void ComparedWithChampion(ILogger logger, Guid runId, string model, int champion, string figures);

    [LoggerMessage(10, LogLevel.Warning, "Training run {RunId} could not compare {Model} with champion v{Champion}: {Reason}")]
    public static partial void NotComparable(ILogger logger, Guid runId, string model, int champion, string reason);

    [LoggerMessage(11, LogLevel.Information, "Training run {RunId} reads {Rows} rows of training set {TrainingSet} (feature service {FeatureService})")]
    public static partial void TrainingOnTrainingSet(ILogger logger, Guid runId, int rows, Guid trainingSet, string featureService);
}
