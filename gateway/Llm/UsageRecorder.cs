using System.Threading.Channels;
using Dapper;
using MlOps.Contracts;
using MlOps.ServiceDefaults.Messaging;
using Npgsql;

namespace MlOps.Gateway.Llm;

/// <summary>
/// Writes usage rows off the request path: requests queue them, and this service stores them in batches together with
/// their LlmUsageRecorded messages in the outbox (one transaction per batch). Whatever is queued at shutdown is written first.
/// </summary>
public sealed partial class UsageRecorder(NpgsqlDataSource db, OutboxWriter outbox, ILogger<UsageRecorder> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private readonly Channel<LlmUsage> _queue = Channel.CreateUnbounded<LlmUsage>(new UnboundedChannelOptions { SingleReader = true });

    public void Record(LlmUsage usage) => _queue.Writer.TryWrite(usage);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<LlmUsage>(BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
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
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO llm_usage (id, key_id, tenant_id, team, model, input_tokens, output_tokens, cached_input_tokens, cost_micros, cache_status, latency_ms, outcome, streamed)
            VALUES (@Id, @KeyId, @TenantId, @Team, @Model, @InputTokens, @OutputTokens, @CachedInputTokens, @CostMicros, @CacheStatus, @LatencyMs, @Outcome, @Streamed)
            ON CONFLICT (id) DO NOTHING
            """, batch, transaction, cancellationToken: cancellationToken));
        foreach (var usage in batch.Where(u => u.Outcome == "ok"))
        {
            await outbox.EnqueueAsync(transaction, new LlmUsageRecorded
            {
                TenantId = usage.TenantId, KeyId = usage.KeyId, Model = usage.Model, InputTokens = usage.InputTokens,
                OutputTokens = usage.OutputTokens, Cost = usage.CostMicros / 1_000_000m, CachedInputTokens = usage.CachedInputTokens, CacheStatus = usage.CacheStatus,
            }, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} usage rows failed; retrying")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);
}
