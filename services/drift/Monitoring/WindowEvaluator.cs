using Dapper;
using Microsoft.Extensions.Options;
using MlOps.Contracts;
using MlOps.Drift.Reports;
using MlOps.Drift.Skew;
using MlOps.ServiceDefaults.Messaging;
using MlOps.ServiceDefaults.Shutdown;
using Npgsql;

namespace MlOps.Drift.Monitoring;

/// <summary>
/// Judges closed windows against the version's reference profile (and, for a version trained on a feature store training set,
/// against that set: skew); the reports, the DriftDetected event (when anything drifted) and the window's end commit in one
/// transaction, so a crash neither loses nor repeats a report.
/// </summary>
public sealed class WindowEvaluator(
    WindowStore windows, WindowSignal signal, RegistryReferences registry, SkewCheck skew, NpgsqlDataSource db, OutboxWriter outbox,
    LeaseHandback handback, IOptions<DriftOptions> options, ILogger<WindowEvaluator> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await windows.CloseExpiredAsync(stoppingToken);
                while (await windows.ClaimAsync(stoppingToken) is { } window)
                {
                    // A stop (rolling update, scale-in) rolls the evaluation back; the window goes to another replica's next sweep.
                    await handback.RunAsync($"window {window.Id}", token => EvaluateAsync(window, token),
                        token => windows.ReleaseAsync(window.Id, token), stoppingToken);
                }
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                // The database being away must not stop monitoring for good; the next sweep tries again.
                DriftLog.SweepFailed(logger, error);
            }
            await signal.WaitAsync(options.Value.SweepInterval, stoppingToken);
        }
    }

    private async Task EvaluateAsync(ClaimedWindow window, CancellationToken cancellationToken)
    {
        if (window.RowCount < options.Value.MinWindowRows)
        {
            await NotEvaluatedAsync(window, "skipped", $"only {window.RowCount} rows (fewer than {options.Value.MinWindowRows})", cancellationToken);
            return;
        }
        try
        {
            await (window.Kind == WindowKind.Performance ? EvaluatePerformanceAsync(window, cancellationToken) : EvaluateDataAsync(window, cancellationToken));
        }
        catch (ArgumentException error)
        {
            // A configured test that does not fit the column (e.g. ks on a categorical feature): retrying cannot help.
            await NotEvaluatedAsync(window, "failed", error.Message, cancellationToken);
        }
        catch (Exception error) when (IsTransient(error) && !cancellationToken.IsCancellationRequested)
        {
            DriftLog.WindowEvaluationFailed(logger, window.Id, error);
            await windows.RetryLaterAsync(window.Id, error.Message, RetryDelay, cancellationToken);
        }
    }

    /// <summary>
    /// A failure worth trying again in a few seconds: the registry or the database away, or the HTTP resilience pipeline
    /// giving up on the registry (attempt timeout, open circuit); anything else waits out the window's lease.
    /// </summary>
    public static bool IsTransient(Exception error) =>
        error is HttpRequestException or NpgsqlException or TaskCanceledException or Polly.ExecutionRejectedException;

    private async Task EvaluateDataAsync(ClaimedWindow window, CancellationToken cancellationToken)
    {
        var reference = await registry.GetProfileAsync(window.TenantId, window.ModelName, window.Version, cancellationToken);
        if (reference is null)
        {
            await NotEvaluatedAsync(window, "failed", "the registry has no reference profile for this version", cancellationToken);
            return;
        }
        var sample = await windows.ReadSampleAsync(window.Id, cancellationToken);
        var outcome = WindowJudge.Judge(reference, sample, options.Value);
        var skewed = await skew.JudgeAsync(window, sample, cancellationToken);
        await RecordAsync(window, sample, outcome, skewed, cancellationToken);
        DriftLog.WindowEvaluated(logger, window.Id, window.ModelName, window.Version, sample.Rows, outcome.ShareDrifted, outcome.Severity ?? "none");
    }

    private async Task EvaluatePerformanceAsync(ClaimedWindow window, CancellationToken cancellationToken)
    {
        var metrics = await registry.GetMetricsAsync(window.TenantId, window.ModelName, window.Version, cancellationToken);
        if (metrics is null || !(metrics.ContainsKey("auc") || metrics.ContainsKey("accuracy")))
        {
            await NotEvaluatedAsync(window, "failed", "the registry holds no auc or accuracy for this version to compare with", cancellationToken);
            return;
        }
        var (scores, labels) = await windows.ReadLabelsAsync(window.Id, cancellationToken);
        var outcome = PerformanceOutcome.Judge(scores, labels, metrics, options.Value.MaxAucDrop, options.Value.MaxAccuracyDrop);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO performance_reports (id, tenant_id, model_name, version, window_id, labels, auc, accuracy, reference_auc, reference_accuracy,
                auc_drop, accuracy_drop, drift_detected)
            VALUES (@reportId, @TenantId, @ModelName, @Version, @Id, @Labels, @Auc, @Accuracy, @ReferenceAuc, @ReferenceAccuracy, @AucDrop, @AccuracyDrop, @DriftDetected)
            """,
            new
            {
                reportId = Guid.CreateVersion7(), window.TenantId, window.ModelName, window.Version, window.Id, outcome.Labels, outcome.Auc, outcome.Accuracy,
                outcome.ReferenceAuc, outcome.ReferenceAccuracy, outcome.AucDrop, outcome.AccuracyDrop, outcome.DriftDetected,
            }, transaction, cancellationToken: cancellationToken));
        if (outcome.DriftDetected)
        {
            await outbox.EnqueueAsync(transaction, new DriftDetected
            {
                TenantId = window.TenantId, ModelName = window.ModelName, Version = window.Version, Severity = outcome.Severity!, ShareDrifted = 0, Features = outcome.Drifted,
                Kind = DriftDetected.PerformanceKind,
            }, cancellationToken);
        }
        await outbox.EnqueueAsync(transaction, Evaluated(window, outcome.DriftDetected), cancellationToken);
        await WindowStore.FinishAsync(transaction, window.Id, "evaluated", null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        DriftLog.PerformanceEvaluated(logger, window.Id, window.ModelName, window.Version, outcome.Labels, outcome.Auc ?? double.NaN, outcome.Accuracy);
    }

    private async Task RecordAsync(ClaimedWindow window, WindowSample sample, WindowOutcome outcome, SkewOutcome? skewed,
        CancellationToken cancellationToken)
    {
        var drifted = outcome.Drifted.ToList();
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var reportId = Guid.CreateVersion7();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO drift_reports (id, tenant_id, model_name, version, window_rows, share_drifted, dataset_drift, window_id,
                window_opened_at, window_closed_at, prediction_drift, severity, drifted_features, result)
            VALUES (@reportId, @TenantId, @ModelName, @Version, @rows, @share, @datasetDrift, @Id, @OpenedAt, @ClosedAt, @predictionDrift,
                @severity, @features, @result::jsonb)
            """,
            new
            {
                reportId, window.TenantId, window.ModelName, window.Version, rows = sample.Rows, share = outcome.ShareDrifted, datasetDrift = outcome.DatasetDrift,
                window.Id, window.OpenedAt, window.ClosedAt, predictionDrift = outcome.Prediction?.DriftDetected == true, severity = outcome.Severity,
                features = drifted.Select(d => d.Feature).ToArray(), result = ReportDocument.Build(window, sample, outcome).ToJsonString(),
            }, transaction, cancellationToken: cancellationToken));
        if (skewed is not null)
        {
            await RecordSkewAsync(transaction, window, sample, skewed, cancellationToken);
        }
        if (drifted.Count > 0)
        {
            await outbox.EnqueueAsync(transaction, new DriftDetected
            {
                TenantId = window.TenantId,
                ModelName = window.ModelName,
                Version = window.Version,
                Severity = outcome.Severity!,
                ShareDrifted = outcome.ShareDrifted,
                Features = [.. drifted.Select(d => new FeatureDrift(d.Feature, d.Result.Method, d.Result.Score, d.Result.Threshold))],
            }, cancellationToken);
        }
        await outbox.EnqueueAsync(transaction, Evaluated(window, drifted.Count > 0), cancellationToken);
        await WindowStore.FinishAsync(transaction, window.Id, "evaluated", null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task RecordSkewAsync(NpgsqlTransaction transaction, ClaimedWindow window, WindowSample sample, SkewOutcome skewed,
        CancellationToken cancellationToken) =>
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO skew_reports (id, tenant_id, model_name, version, window_id, training_set, feature_service, window_rows, training_rows,
                skewed_features, error, result)
            VALUES (@id, @TenantId, @ModelName, @Version, @Id, @TrainingSet, @FeatureService, @rows, @TrainingRows, @features, @Error, @result::jsonb)
            """,
            new
            {
                id = Guid.CreateVersion7(), window.TenantId, window.ModelName, window.Version, window.Id, skewed.TrainingSet, skewed.FeatureService,
                rows = sample.Rows, skewed.TrainingRows, features = skewed.Skewed.ToArray(), skewed.Error, result = SkewDocument.Build(skewed).ToJsonString(),
            }, transaction, cancellationToken: cancellationToken));

    /// <summary>Every judged window, clean or not: what a runbook waiting for recovery looks for.</summary>
    private static DriftWindowEvaluated Evaluated(ClaimedWindow window, bool drifted) => new()
    {
        TenantId = window.TenantId, ModelName = window.ModelName, Version = window.Version, WindowId = window.Id, Drifted = drifted,
        ClosedAt = window.ClosedAt, Kind = window.Kind == WindowKind.Performance ? DriftDetected.PerformanceKind : DriftDetected.DataKind,
    };

    private async Task NotEvaluatedAsync(ClaimedWindow window, string state, string reason, CancellationToken cancellationToken)
    {
        DriftLog.WindowNotEvaluated(logger, window.Id, window.ModelName, window.Version, reason);
        await windows.FinishAsync(window.Id, state, reason, cancellationToken);
    }
}
