using System.Globalization;
using MlOps.Contracts;
using MlOps.Incident.Alerts;
using MlOps.Incident.Runbooks;
using Npgsql;

namespace MlOps.Incident.Consumers;

/// <summary>Drift on a model version: one incident per model until it resolves; a version champion has moved away from raises nothing.</summary>
public sealed class DriftAlertMap : IPlatformAlertMap<DriftDetected>
{
    public async Task<AlertSignal?> ToAlertAsync(NpgsqlTransaction transaction, DriftDetected drift, CancellationToken cancellationToken) =>
        await ReplacedChampionAsync(transaction, drift, cancellationToken) ? null : new AlertSignal
        {
            Tenant = drift.TenantId, Source = "drift", EventType = EventTypes.Drift, AlertKey = $"{drift.ModelName}:v{drift.Version}",
            // A quality drop is a different problem from moved inputs (a rollback, not a retrain): its own incident.
            DefaultDedupKey = (drift.Kind == DriftDetected.PerformanceKind ? "performance:" : "drift:") + drift.ModelName, Firing = true,
            Title = $"{(drift.Kind == DriftDetected.PerformanceKind ? "Performance drop" : "Drift")} on {drift.ModelName} v{drift.Version}: {string.Join(", ", drift.Features.Select(f => f.Feature))}",
            Severity = drift.Severity switch { "high" => "high", "medium" => "medium", _ => "low" },
            Description = string.Join("; ", drift.Features.Select(f => string.Create(CultureInfo.InvariantCulture,
                $"{f.Feature}: {f.Method} {f.Score:G4} > {f.Threshold:G4}"))),
            Labels = new Dictionary<string, string>
            {
                ["model"] = drift.ModelName, ["version"] = drift.Version.ToString(CultureInfo.InvariantCulture), ["severity"] = drift.Severity,
                ["kind"] = drift.Kind,
                ["share_drifted"] = drift.ShareDrifted.ToString("G4", CultureInfo.InvariantCulture),
            },
        };

    /// <summary>
    /// Whether another version is champion now (as far as the registry's announcements tell): the last window of a version a
    /// rollout replaced closes late, and a challenger's windows are the canary's to judge; neither opens an incident.
    /// </summary>
    private static async Task<bool> ReplacedChampionAsync(NpgsqlTransaction transaction, DriftDetected drift, CancellationToken cancellationToken) =>
        await PlatformFacts.ChampionAsync(transaction, drift.TenantId, drift.ModelName, cancellationToken) is { } champion && champion != drift.Version;
}

/// <summary>A failed quality check: one incident per table and check; a blocked load is more severe than a committed one.</summary>
public sealed class DataQualityAlertMap : IPlatformAlertMap<DataQualityFailed>
{
    public Task<AlertSignal?> ToAlertAsync(NpgsqlTransaction transaction, DataQualityFailed failed, CancellationToken cancellationToken) =>
        Task.FromResult<AlertSignal?>(new AlertSignal
        {
            Tenant = failed.TenantId, Source = "ingest", EventType = EventTypes.DataQuality, AlertKey = failed.LoadId.ToString(),
            DefaultDedupKey = $"data_quality:{failed.Dataset}.{failed.Table}:{failed.Check}:{failed.Column}", Firing = true,
            Title = $"Quality check {failed.Check} failed on {failed.Dataset}.{failed.Table}", Severity = failed.Committed ? "medium" : "high",
            Description = failed.Detail,
            Labels = new Dictionary<string, string>
            {
                ["pipeline"] = failed.Pipeline, ["dataset"] = failed.Dataset, ["table"] = failed.Table, ["check"] = failed.Check,
                ["column"] = failed.Column ?? "", ["committed"] = failed.Committed ? "true" : "false",
            },
        });
}

/// <summary>An LLM key crossed its budget's alert share: one incident per key and budget window.</summary>
public sealed class LlmBudgetAlertMap : IPlatformAlertMap<LlmBudgetAlerted>
{
    public Task<AlertSignal?> ToAlertAsync(NpgsqlTransaction transaction, LlmBudgetAlerted budget, CancellationToken cancellationToken) =>
        Task.FromResult<AlertSignal?>(new AlertSignal
        {
            Tenant = budget.TenantId, Source = "gateway", EventType = EventTypes.LlmBudget, AlertKey = $"{budget.KeyId}:{budget.WindowStart:O}",
            DefaultDedupKey = $"llm_budget:{budget.KeyId}:{budget.Budget}", Firing = true,
            Title = string.Create(CultureInfo.InvariantCulture, $"LLM key {budget.KeyId} used {budget.Charged:N0} of {budget.Limit:N0} ({budget.Budget})"),
            Severity = "medium",
            Labels = new Dictionary<string, string> { ["key_id"] = budget.KeyId.ToString(), ["budget"] = budget.Budget },
        });
}

/// <summary>A failed pipeline run: one incident per pipeline until it resolves.</summary>
public sealed class PipelineRunFailedAlertMap : IPlatformAlertMap<PipelineRunFailed>
{
    public Task<AlertSignal?> ToAlertAsync(NpgsqlTransaction transaction, PipelineRunFailed failed, CancellationToken cancellationToken) =>
        Task.FromResult<AlertSignal?>(new AlertSignal
        {
            Tenant = failed.TenantId, Source = "ingest", EventType = EventTypes.PipelineRun, AlertKey = failed.RunId.ToString(),
            DefaultDedupKey = "pipeline_run:" + failed.Pipeline, Firing = true, Title = $"Pipeline {failed.Pipeline} run failed",
            Severity = "medium", Description = failed.Error,
            Labels = new Dictionary<string, string> { ["pipeline"] = failed.Pipeline, ["run"] = failed.RunId.ToString() },
        });
}

/// <summary>A failed batch scoring job: one incident per model until it resolves.</summary>
public sealed class BatchJobFailedAlertMap : IPlatformAlertMap<BatchJobFailed>
{
    public Task<AlertSignal?> ToAlertAsync(NpgsqlTransaction transaction, BatchJobFailed failed, CancellationToken cancellationToken) =>
        Task.FromResult<AlertSignal?>(new AlertSignal
        {
            Tenant = failed.TenantId, Source = "inference", EventType = EventTypes.BatchJob, AlertKey = failed.JobId.ToString(),
            DefaultDedupKey = "batch_job:" + failed.ModelName, Firing = true, Title = $"Batch job for {failed.ModelName} failed",
            Severity = "medium", Description = failed.Error,
            Labels = new Dictionary<string, string> { ["model"] = failed.ModelName, ["job"] = failed.JobId.ToString() },
        });
}
