using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using MlOps.Contracts;
using MlOps.ServiceDefaults.Identity;
using MlOps.ServiceDefaults.Shutdown;
using MlOps.Trainer.Model;
using MlOps.Trainer.Training;
using Npgsql;

namespace MlOps.Trainer.Services;

/// <summary>
/// One training run end to end: record it, train (one at a time per process, since training takes the CPU), score the candidate
/// and the current champion on the same rows (<see cref="ChampionComparison"/>), register the version with metrics, parameters,
/// lineage and the reference profile, then either ask for champion through the gate (the
/// demo bootstrap, or a caller who asks) or point challenger at it (retraining: only the canary, through the gate, promotes),
/// and record the outcome.
/// </summary>
public sealed class TrainingRunner(NpgsqlDataSource db, RegistryClient registry, TrainingDataSource data, ChampionComparison comparison,
    LeaseHandback handback, IOptions<TrainingOptions> training, ILogger<TrainingRunner> logger)
{
    /// <summary>What a run that stopped mid-way says; a redelivered command trains again under the same run id.</summary>
    public const string StoppedMessage = "stopped before it finished (the trainer stopped or the caller went away); a redelivered command trains again";

    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>
    /// A run on command (or at bootstrap), under the trainer's identity: a data problem fails the run, saying why. Retraining
    /// lands on challenger; only the demo bootstrap asks for champion (the model's first, exempt from load test and rollback target).
    /// </summary>
    public Task<TrainingRunResponse> RunAsync(string tenant, string model, TrainingDataRef? dataRef, string reason, Guid? commandId, bool promote,
        CancellationToken cancellationToken) =>
        RunAsync(tenant, model, dataRef is null ? null : TrainingDataLineage.Requested(dataRef), reason, commandId,
            token => data.PrepareAsync(tenant, model, dataRef, null, token), null, promote, cancellationToken);

    /// <summary>A run a user asked for, on data already read (null: the demo data); champion only when asked and the user holds registry:promote.</summary>
    public Task<TrainingRunResponse> RunPreparedAsync(string tenant, string model, TrainingSet? prepared, string reason, CallerIdentity requester,
        bool promote, CancellationToken cancellationToken) =>
        RunAsync(tenant, model, prepared?.Lineage, reason, null, _ => Task.FromResult(prepared), requester, promote, cancellationToken);

    private async Task<TrainingRunResponse> RunAsync(string tenant, string model, TrainingDataLineage? asked, string reason, Guid? commandId,
        Func<CancellationToken, Task<TrainingSet?>> prepare, CallerIdentity? requester, bool promote, CancellationToken cancellationToken)
    {
        var runId = await StartAsync(tenant, model, asked, reason, commandId, cancellationToken);
        if (runId is null)
        {
            return (await FindByCommandAsync(commandId!.Value, cancellationToken))!;
        }
        // The trainer stopping (or the caller leaving) fails the run at once, so the redelivered command trains again on another
        // replica now, not after AbandonedRunAfter. A stop after registering registers again (at least once).
        await handback.RunAsync($"training run {runId}",
            token => TrainAsync(runId.Value, tenant, model, prepare, requester, promote, token),
            token => MarkStoppedAsync(runId.Value, token), cancellationToken);
        return (await FindAsync(runId.Value, cancellationToken))!;
    }

    private async Task TrainAsync(Guid runId, string tenant, string model, Func<CancellationToken, Task<TrainingSet?>> prepare,
        CallerIdentity? requester, bool promote, CancellationToken cancellationToken)
    {
        await OneAtATime.WaitAsync(cancellationToken);
        try
        {
            var set = await prepare(cancellationToken);
            if (set?.Lineage is { TrainingSet: { } trainingSet })
            {
                TrainerLog.TrainingOnTrainingSet(logger, runId, set.Data.Rows, trainingSet.Id, trainingSet.FeatureService!);
            }
            else if (set is not null)
            {
                var lineage = set.Lineage;
                TrainerLog.TrainingOnWarehouseData(logger, runId, set.Data.Rows, lineage.Dataset!, lineage.Table!, lineage.ResolvedLoad!);
            }
            var rows = set?.Data ?? DemoTraining.Data();
            var trained = await Task.Run(() => CsvTraining.Train(rows, training.Value), cancellationToken);
            // With a champion, both are scored on the same fresh holdout and drifted window, for the registry's gate.
            trained = await comparison.CompareAsync(runId, tenant, model, trained, rows, set, cancellationToken);
            var description = set is null ? "Probability that a loan applicant defaults (demo model, synthetic data)"
                : set.Lineage.TrainingSet is { } source
                    ? $"Probability that '{set.Lineage.LabelColumn}' is true, learned from training set {source.Id} of feature service {source.FeatureService}"
                : $"Probability that '{set.Lineage.LabelColumn}' is true, learned from warehouse table {set.Lineage.Dataset}.{set.Lineage.Table}";
            await registry.EnsureModelAsync(tenant, model, description, requester, cancellationToken);
            var version = await registry.RegisterVersionAsync(tenant, model, trained, set?.Lineage, runId, requester, cancellationToken);
            var refusal = !promote ? null
                : requester is null || requester.Has(PlatformScopes.RegistryPromote) ? await registry.PromoteAsync(tenant, model, version, requester, cancellationToken)
                : $"the caller's key lacks {PlatformScopes.RegistryPromote}";
            var promoted = promote && refusal is null;
            if (!promoted)
            {
                await registry.MoveChallengerAsync(tenant, model, version, requester, cancellationToken);
            }
            TrainerLog.RunSucceeded(logger, runId, model, version, promoted, trained.Metrics["auc"]);
            var message = promoted ? $"registered version {version} and promoted it to champion"
                : refusal is null ? $"registered version {version} as challenger; champion moves through the gate (canary or an explicit promotion)"
                : $"registered version {version} as challenger; not promoted: {refusal}";
            await FinishAsync(runId, "succeeded", message, version, promoted, trained.Metrics, set?.Lineage, cancellationToken);
        }
        catch (Exception e) when (e is RegistryCallException or TrainingDataUnavailableException or HttpRequestException or InvalidDataException
            or NpgsqlException)
        {
            TrainerLog.RunFailed(logger, e, runId, model);
            await FinishAsync(runId, "failed", e.Message, null, false, new Dictionary<string, double>(), null, CancellationToken.None);
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    // Should this fail, the sweeper marks the run abandoned after AbandonedRunAfter instead.
    // Only a run still running: a stop that lands after the run finished leaves its outcome alone.
    private async Task<bool> MarkStoppedAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE training_runs SET status = 'failed', message = @message, finished_at = now() WHERE id = @runId AND status = 'running'",
            new { runId, message = StoppedMessage }, cancellationToken: cancellationToken)) == 1;
    }

    private async Task<Guid?> StartAsync(string tenant, string model, TrainingDataLineage? data, string reason, Guid? commandId,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        // A redelivered command whose run failed trains again under the same run id; a duplicate arriving while the run is
        // still going (or after it succeeded) does not (a run its process abandoned is marked failed by the sweeper).
        return await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            """
            INSERT INTO training_runs (id, tenant_id, model_name, data, status, reason, command_id)
            VALUES (@id, @tenant, @model, @data::jsonb, 'running', @reason, @commandId)
            ON CONFLICT (command_id) DO UPDATE SET status = 'running', started_at = now(), finished_at = NULL
                WHERE training_runs.status = 'failed'
            RETURNING id
            """, new { id = Guid.CreateVersion7(), tenant, model, data = Json(data), reason, commandId }, cancellationToken: cancellationToken));
    }

    private async Task FinishAsync(Guid runId, string status, string message, int? version, bool promoted, IReadOnlyDictionary<string, double> metrics,
        TrainingDataLineage? data, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE training_runs SET status = @status, message = @message, version = @version, promoted = @promoted,
                metrics = @metrics::jsonb, data = COALESCE(@data::jsonb, data), finished_at = now() WHERE id = @runId
            """, new { runId, status, message, version, promoted, metrics = JsonSerializer.Serialize(metrics), data = Json(data) }, cancellationToken: cancellationToken));
    }

    private async Task<TrainingRunResponse?> FindAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<TrainingRunResponse>(new CommandDefinition(
            $"{TrainingRunResponse.SelectFrom} WHERE id = @runId", new { runId }, cancellationToken: cancellationToken));
    }

    private async Task<TrainingRunResponse?> FindByCommandAsync(Guid commandId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<TrainingRunResponse>(new CommandDefinition(
            $"{TrainingRunResponse.SelectFrom} WHERE command_id = @commandId", new { commandId }, cancellationToken: cancellationToken));
    }

    private static string? Json(TrainingDataLineage? data) => data is null ? null : JsonSerializer.Serialize(data, JsonSerializerOptions.Web);
}
