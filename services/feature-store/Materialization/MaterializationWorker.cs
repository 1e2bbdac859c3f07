using Dapper;
using MlOps.FeatureStore.Definitions;
using Npgsql;

namespace MlOps.FeatureStore.Materialization;

/// <summary>
/// Runs queued materializations, one per tenant at a time across replicas: a run is claimed under a session advisory lock
/// on its tenant, held on a connection for the run's length. A replica that dies drops its connection and so its lock; its
/// run, still 'running', is claimed again and resumes from the watermarks its finished views committed. A replica that stops
/// rolls its current view back, leaves the run 'running' and unlocks at once, so another replica's next poll takes it over.
/// </summary>
public sealed partial class MaterializationWorker(NpgsqlDataSource db, MaterializationRuns runs, MaterializationSignal signal, DefinitionStore store,
    FeatureResolver resolver, Materializer materializer, ILogger<MaterializationWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan UnlockTimeout = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await RunOneAsync(stoppingToken))
                {
                    await signal.WaitAsync(Poll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Whatever went wrong, the worker lives on: the run stays open and is taken up again.
                LogWorkerFailed(logger, e);
                await Task.Delay(Poll, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Claims and runs one run; false when none could be claimed.</summary>
    public async Task<bool> RunOneAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var open = await connection.QueryAsync<(Guid Id, string Tenant)>(new CommandDefinition("""
            SELECT id, tenant_id FROM materialization_runs WHERE status IN ('queued', 'running') ORDER BY id LIMIT 100
            """, cancellationToken: cancellationToken));
        foreach (var (id, tenant) in open)
        {
            if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(hashtextextended(@lock, 0))",
                    new { @lock = "materialize:" + tenant }, cancellationToken: cancellationToken)))
            {
                continue;
            }
            try
            {
                var views = await connection.ExecuteScalarAsync<string[]?>(new CommandDefinition("""
                    UPDATE materialization_runs SET status = 'running', attempts = attempts + 1, started_at = coalesce(started_at, now())
                    WHERE id = @id AND status IN ('queued', 'running') RETURNING coalesce(views, '{}')
                    """, new { id }, cancellationToken: cancellationToken));
                if (views is null)
                {
                    // Finished by another replica between the listing and the lock.
                    continue;
                }
                await RunAsync(id, tenant, views, cancellationToken);
                return true;
            }
            finally
            {
                // Also on a stop: bounded, and should it fail, closing the connection (DISCARD ALL on return to the pool) unlocks.
                using var limit = new CancellationTokenSource(UnlockTimeout);
                await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(hashtextextended(@lock, 0))",
                    new { @lock = "materialize:" + tenant }, cancellationToken: limit.Token));
            }
        }
        return false;
    }

    private async Task RunAsync(Guid id, string tenant, string[] only, CancellationToken cancellationToken)
    {
        var names = only.Length > 0 ? only : [.. (await store.ListAsync(tenant, DefinitionKind.FeatureView, cancellationToken)).Select(v => v.Name)];
        var done = (await runs.GetAsync(tenant, id, cancellationToken))?.Details.EnumerateArray()
            .Select(d => d.GetProperty("view").GetString()).ToHashSet(StringComparer.Ordinal) ?? [];
        string? error = null;
        foreach (var name in names.Where(n => !done.Contains(n)))
        {
            try
            {
                if (await resolver.ViewAsync(tenant, name, cancellationToken) is not { } view)
                {
                    error ??= $"The tenant has no feature view '{name}'.";
                    continue;
                }
                var result = await materializer.MaterializeAsync(tenant, view, cancellationToken);
                await runs.ProgressAsync(id, result.RowsRead, result.RowsWritten,
                    System.Text.Json.JsonSerializer.Serialize(new[] { result }, System.Text.Json.JsonSerializerOptions.Web), cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // One view failing leaves it as it was (its swap rolled back) and the others still run.
                LogViewFailed(logger, e, tenant, name);
                error ??= $"Feature view '{name}': {e.Message}";
            }
        }
        await runs.FinishAsync(id, error, cancellationToken);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Materialization worker failed; retrying")]
    private static partial void LogWorkerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Materializing {Tenant}/{View} failed")]
    private static partial void LogViewFailed(ILogger logger, Exception exception, string tenant, string view);
}
