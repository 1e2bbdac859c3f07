using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Identity;
using MlOps.Trainer.Model;
using MlOps.Trainer.Training;
using Npgsql;

namespace MlOps.Trainer.Services;

/// <summary>
/// One training run end to end: record it, train (one at a time per process, since training takes the CPU), register the
/// version with metrics, parameters, lineage and the reference profile, ask for champion through the gate, record the outcome.
/// </summary>
public sealed class TrainingRunner(NpgsqlDataSource db, RegistryClient registry, IOptions<TrainingOptions> training, ILogger<TrainingRunner> logger)
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>Trains and registers; a run a user asked for is promoted only under that user's identity (registry:promote), a command's under the trainer's.</summary>
    public async Task<TrainingRunResponse> RunAsync(string tenant, string model, Guid? datasetId, string reason, Guid? commandId, CancellationToken cancellationToken,
        CallerIdentity? requester = null)
    {
        var runId = await StartAsync(tenant, model, datasetId, reason, commandId, cancellationToken);
        if (runId is null)
        {
            return (await FindByCommandAsync(commandId!.Value, cancellationToken))!;
        }
        await OneAtATime.WaitAsync(cancellationToken);
        try
        {
            if (model != DemoTraining.ModelName || datasetId is not null)
            {
                throw new TrainingDataUnavailableException(
                    $"No training data for '{model}'{(datasetId is null ? "" : $" dataset {datasetId}")}: the trainer has the embedded '{DemoTraining.ModelName}' data only until ingest serves datasets.");
            }
            var trained = await Task.Run(() => DemoTraining.Train(training.Value), cancellationToken);
            await registry.EnsureModelAsync(tenant, model, "Probability that a loan applicant defaults (demo model, synthetic data)", requester, cancellationToken);
            var version = await registry.RegisterVersionAsync(tenant, model, trained, runId.Value, requester, cancellationToken);
            var refusal = requester is null || requester.Has(PlatformScopes.RegistryPromote)
                ? await registry.PromoteAsync(tenant, model, version, requester, cancellationToken)
                : $"the caller's key lacks {PlatformScopes.RegistryPromote}";
            TrainerLog.RunSucceeded(logger, runId.Value, model, version, refusal is null, trained.Metrics["auc"]);
            await FinishAsync(runId.Value, "succeeded", refusal is null ? $"registered version {version} and promoted it to champion" : $"registered version {version}; not promoted: {refusal}",
                version, refusal is null, trained.Metrics, cancellationToken);
        }
        catch (Exception e) when (e is RegistryCallException or TrainingDataUnavailableException or HttpRequestException or InvalidDataException)
        {
            TrainerLog.RunFailed(logger, e, runId.Value, model);
            await FinishAsync(runId.Value, "failed", e.Message, null, false, new Dictionary<string, double>(), CancellationToken.None);
        }
        finally
        {
            OneAtATime.Release();
        }
        return (await FindAsync(runId.Value, cancellationToken))!;
    }

    private async Task<Guid?> StartAsync(string tenant, string model, Guid? datasetId, string reason, Guid? commandId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        // A redelivered command whose run failed trains again under the same run id; a duplicate arriving while the run is
        // still going (or after it succeeded) does not (a run its process abandoned is marked failed by the sweeper).
        return await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            """
            INSERT INTO training_runs (id, tenant_id, model_name, dataset_id, status, reason, command_id)
            VALUES (@id, @tenant, @model, @datasetId, 'running', @reason, @commandId)
            ON CONFLICT (command_id) DO UPDATE SET status = 'running', started_at = now(), finished_at = NULL
                WHERE training_runs.status = 'failed'
            RETURNING id
            """, new { id = Guid.CreateVersion7(), tenant, model, datasetId, reason, commandId }, cancellationToken: cancellationToken));
    }

    private async Task FinishAsync(Guid runId, string status, string message, int? version, bool promoted, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE training_runs SET status = @status, message = @message, version = @version, promoted = @promoted,
                metrics = @metrics::jsonb, finished_at = now() WHERE id = @runId
            """, new { runId, status, message, version, promoted, metrics = JsonSerializer.Serialize(metrics) }, cancellationToken: cancellationToken));
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
}
