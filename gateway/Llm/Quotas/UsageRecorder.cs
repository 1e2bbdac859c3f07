using System.Threading.Channels;
using Dapper;
using Microsoft.Extensions.Options;
using MlOps.Contracts;
using MlOps.Gateway.Llm.Caching;
using MlOps.Gateway.Llm.Models;
using MlOps.ServiceDefaults.Messaging;
using Npgsql;

namespace MlOps.Gateway.Llm.Quotas;

/// <summary>
/// Writes usage rows off the request path: requests queue them, and this service stores them in batches (one statement)
/// together with LlmUsageRecorded messages in the outbox, one per tenant and batch, in one transaction. Whatever is
/// queued at shutdown is written before the service stops. The queue is bounded by admission: a request takes a slot
/// (<see cref="TryAdmit"/>) before it is served and its row gives it back once written, so rows queued and promised never
/// pass <see cref="LlmOptions.UsageQueueCapacity"/> and no row is ever dropped; past it requests are shed.
/// </summary>
public sealed partial class UsageRecorder(NpgsqlDataSource db, OutboxWriter outbox, IOptions<LlmOptions> options, ILogger<UsageRecorder> logger)
    : BackgroundService, ILlmUsageSink
{
    private const int BatchSize = 500;
    // Unbounded as a channel, bounded by the slots: a row is queued only by a request that holds one.
    private readonly Channel<LlmUsage> _queue = Channel.CreateUnbounded<LlmUsage>();
    private int _slots;

    /// <summary>Rows queued and promised to requests in flight.</summary>
    public int Pending => Volatile.Read(ref _slots);

    /// <summary>Takes a slot for one request's row; false when the queue is at its capacity (the request is to be shed).</summary>
    public bool TryAdmit()
    {
        if (Interlocked.Increment(ref _slots) <= options.Value.UsageQueueCapacity)
        {
            return true;
        }
        Interlocked.Decrement(ref _slots);
        return false;
    }

    /// <summary>Queues the row of an admitted request (its slot is given back once the row is written).</summary>
    public void Record(LlmUsage usage) => _queue.Writer.TryWrite(usage);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<LlmUsage>(BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                // Rows gather for a moment: a few transactions a second instead of one per request keep the database's
                // commits (and their fsyncs) off the machine the requests run on.
                // (An unbounded channel with more than one possible reader can count its items.)
                if (_queue.Reader.Count < BatchSize)
                {
                    await Task.Delay(options.Value.UsageWriteInterval, stoppingToken);
                }
                await DrainAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is queued is written below.
        }
        await DrainAsync(batch, CancellationToken.None);
    }

    /// <summary>Writes everything queued now; public so tests can wait for their rows.</summary>
    public async Task DrainAsync(List<LlmUsage> batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var usage))
            {
                batch.Add(usage);
            }
            if (batch.Count == 0)
            {
                return;
            }
            try
            {
                await WriteAsync(batch, cancellationToken);
                Interlocked.Add(ref _slots, -batch.Count);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                LogWriteFailed(logger, exception, batch.Count);
                foreach (var usage in batch)
                {
                    _queue.Writer.TryWrite(usage);
                }
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    private async Task WriteAsync(List<LlmUsage> batch, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One statement per batch: arrays unnested into rows.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO llm_usage (id, key_id, tenant_id, team, model, input_tokens, output_tokens, cached_input_tokens, cost_micros, cache_status, latency_ms, outcome, streamed)
            SELECT * FROM unnest(@Ids, @KeyIds, @Tenants, @Teams, @Models, @Inputs, @Outputs, @Cached, @Costs, @CacheStatuses, @Latencies, @Outcomes, @Streamed)
            ON CONFLICT (id) DO NOTHING
            """,
            new
            {
                Ids = batch.Select(u => u.Id).ToArray(), KeyIds = batch.Select(u => u.KeyId).ToArray(), Tenants = batch.Select(u => u.TenantId).ToArray(),
                Teams = batch.Select(u => u.Team).ToArray(), Models = batch.Select(u => u.Model).ToArray(), Inputs = batch.Select(u => u.InputTokens).ToArray(),
                Outputs = batch.Select(u => u.OutputTokens).ToArray(), Cached = batch.Select(u => u.CachedInputTokens).ToArray(),
                Costs = batch.Select(u => u.CostMicros).ToArray(), CacheStatuses = batch.Select(u => u.CacheStatus).ToArray(),
                Latencies = batch.Select(u => u.LatencyMs).ToArray(), Outcomes = batch.Select(u => u.Outcome).ToArray(), Streamed = batch.Select(u => u.Streamed).ToArray(),
            }, transaction, cancellationToken: cancellationToken));
        // One message per tenant in the batch, each carrying a record per request answered or charged (a stream its caller left).
        var published = batch.Where(u => u.Outcome == "ok" || u.InputTokens + u.OutputTokens > 0 || u.CostMicros > 0);
        await outbox.EnqueueManyAsync(transaction, [.. published.GroupBy(u => u.TenantId).Select(tenant => new LlmUsageRecorded
        {
            TenantId = tenant.Key,
            Records = [.. tenant.Select(u => new LlmUsageRecord(u.KeyId, u.Model, u.InputTokens, u.OutputTokens, u.CachedInputTokens, u.CostMicros / 1_000_000m, u.CacheStatus, u.Id))],
        })], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} usage rows failed; retrying")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);
}
