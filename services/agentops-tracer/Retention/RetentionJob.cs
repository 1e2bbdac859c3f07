using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MlOps.AgentOpsTracer.Retention;

/// <summary>
/// Keeps spans as partitions by day of start time: creates the days ahead, drops whole days older than the longest tenant
/// retention, and deletes row by row only what a shorter tenant retention expires inside the kept days (a partition holds
/// every tenant) and what expired in the default partition (spans older than the first day partition). One replica at a
/// time: the pass runs under an advisory lock that the others skip. Each step commits alone: dropping a day locks spans
/// for a moment, not for the deletes.
/// </summary>
public sealed class RetentionJob(NpgsqlDataSource db, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionJob> logger)
    : BackgroundService
{
    private const string Prefix = "spans_p";
    private const string LockKey = "agentops-tracer:retention";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pass = await PassAsync(stoppingToken);
                if (!pass.Skipped)
                {
                    logger.Done(pass.Created.Count, pass.Dropped.Count, pass.DeletedRows);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.Failed(e);
            }
            await Task.Delay(options.Value.Interval, time, stoppingToken);
        }
    }

    /// <summary>One pass at the time provider's now.</summary>
    public async Task<RetentionPass> PassAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        // A session lock, so each step commits on its own (a dropped day's lock on spans is not held through the deletes);
        // closing the connection (a crash) releases it.
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT pg_try_advisory_lock(hashtextextended(@key, 0))", new { key = LockKey }, cancellationToken: cancellationToken)))
        {
            return new RetentionPass(true, [], [], 0);
        }
        try
        {
            var existing = (await connection.QueryAsync<string>(new CommandDefinition(
                """
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'spans'::regclass AND c.relname ~ '^spans_p[0-9]{8}$'
                """, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);

            var created = new List<string>();
            for (var day = now.Date.AddDays(-1); day <= now.Date.AddDays(settings.DaysAhead); day = day.AddDays(1))
            {
                if (!existing.Contains(Name(day)))
                {
                    await CreateAsync(connection, day, cancellationToken);
                    created.Add(Name(day));
                }
            }

            // A day is dropped once its end is older than every tenant's retention.
            var cutoff = now.AddDays(-settings.LongestDays);
            var dropped = new List<string>();
            foreach (var name in existing.Order(StringComparer.Ordinal).Where(name => Day(name).AddDays(1) <= cutoff))
            {
                await connection.ExecuteAsync(new CommandDefinition($"DROP TABLE {name}", cancellationToken: cancellationToken));
                dropped.Add(name);
            }

            var deleted = await DeleteExpiredAsync(connection, now, settings, cancellationToken);
            return new RetentionPass(false, created, dropped, deleted);
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_unlock(hashtextextended(@key, 0))", new { key = LockKey }, cancellationToken: CancellationToken.None));
        }
    }

    // Rows of that day already in the default partition (a backfill before the day existed) move into the new partition.
    private static async Task CreateAsync(NpgsqlConnection connection, DateTime day, CancellationToken cancellationToken)
    {
        var range = new { from = day, to = day.AddDays(1) };
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            CREATE TEMP TABLE spans_moving (LIKE spans) ON COMMIT DROP;
            WITH moved AS (DELETE FROM spans_default WHERE start_time >= @from AND start_time < @to RETURNING *)
            INSERT INTO spans_moving SELECT * FROM moved;
            CREATE TABLE {Name(day)} PARTITION OF spans FOR VALUES FROM ('{day:yyyy-MM-dd}T00:00:00Z') TO ('{day.AddDays(1):yyyy-MM-dd}T00:00:00Z');
            INSERT INTO spans SELECT * FROM spans_moving;
            DROP TABLE spans_moving;
            """, range, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    // Partitions hold every tenant: a tenant whose retention is shorter than the longest loses its expired rows one by one,
    // and so do the default partition's rows (the days before the first partition).
    private static async Task<long> DeleteExpiredAsync(NpgsqlConnection connection, DateTime now, RetentionOptions settings,
        CancellationToken cancellationToken)
    {
        long deleted = 0;
        foreach (var (tenant, days) in settings.TenantDays)
        {
            deleted += await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM spans WHERE tenant_id = @tenant AND start_time < @before", new { tenant, before = now.AddDays(-days) },
                cancellationToken: cancellationToken));
        }
        var others = settings.TenantDays.Keys.ToArray();
        deleted += await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM spans WHERE start_time < @before AND tenant_id <> ALL(@others)", new { before = now.AddDays(-settings.Days), others },
            cancellationToken: cancellationToken));
        // The anomalies of sessions that are gone: kept as long as the longest retention, like the spans.
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM agent_anomalies WHERE detected_at < @before", new { before = now.AddDays(-settings.LongestDays) },
            cancellationToken: cancellationToken));
        return deleted;
    }

    private static string Name(DateTime day) => Prefix + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static DateTime Day(string name) =>
        DateTime.ParseExact(name[Prefix.Length..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
