using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MlOps.Incident.Services;
using Npgsql;

namespace MlOps.Incident.Alerts;

/// <summary>
/// Applies API alerts in batches: everything that arrived while the previous transaction committed goes into the next one,
/// identical alerts as one signal with a count. A burst on one key then costs one row update and one commit per batch
/// instead of one each, while every request still gets its own outcome once its batch committed.
/// </summary>
public sealed partial class AlertBatcher(NpgsqlDataSource db, AlertIntake intake, IOptions<IncidentOptions> options, ILogger<AlertBatcher> logger)
    : BackgroundService
{
    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.Value.AlertQueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Queues an alert and waits until its batch committed; false when the queue is full (the caller answers 503).</summary>
    public bool TrySubmit(AlertSignal alert, Guid correlationId, out Task<AlertOutcome> outcome)
    {
        var pending = new Pending(alert, correlationId, new TaskCompletionSource<AlertOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        outcome = pending.Outcome.Task;
        return _queue.Writer.TryWrite(pending);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < options.Value.AlertBatchSize && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            await ApplyAsync(batch, stoppingToken);
            batch.Clear();
        }
    }

    private async Task ApplyAsync(IReadOnlyList<Pending> batch, CancellationToken cancellationToken)
    {
        var groups = AlertGroups.Group(batch, p => p.Alert);
        try
        {
            await ApplyInOneTransactionAsync(groups, cancellationToken);
        }
        catch (Exception e) when (e is PostgresException or NpgsqlException or TimeoutException)
        {
            // One group's trouble (or a race with the other replica) must not fail the others: each alone, in its own transaction.
            LogBatchRetriedAlone(logger, e, groups.Count);
            foreach (var group in groups)
            {
                await ApplyAloneAsync(group, cancellationToken);
            }
        }
    }

    private async Task ApplyInOneTransactionAsync(IReadOnlyList<List<Pending>> groups, CancellationToken cancellationToken)
    {
        var outcomes = new List<(List<Pending> Group, AlertOutcome Outcome)>(groups.Count);
        await using (var connection = await db.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            foreach (var group in groups)
            {
                outcomes.Add((group, await intake.ReceiveAsync(transaction, Counted(group), group[0].CorrelationId, cancellationToken)));
            }
            await transaction.CommitAsync(cancellationToken);
        }
        foreach (var (group, outcome) in outcomes)
        {
            Complete(group, outcome);
        }
    }

    private async Task ApplyAloneAsync(List<Pending> group, CancellationToken cancellationToken)
    {
        try
        {
            Complete(group, await intake.ReceiveAsync(Counted(group), group[0].CorrelationId, cancellationToken));
        }
        catch (Exception e) when (e is PostgresException or NpgsqlException or TimeoutException)
        {
            foreach (var pending in group)
            {
                pending.Outcome.TrySetException(e);
            }
        }
    }

    /// <summary>The first alert of a group gets the outcome (opened, resolved, ...); the others joined what it did.</summary>
    private static void Complete(List<Pending> group, AlertOutcome outcome)
    {
        var first = true;
        foreach (var pending in group)
        {
            pending.Outcome.TrySetResult(first || outcome.IncidentId is null ? outcome : outcome with { Result = AlertOutcome.Grouped });
            first = false;
        }
    }

    private static AlertSignal Counted(List<Pending> group) => AlertGroups.Counted(group, p => p.Alert);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Groups} alert groups failed together; applying each alone")]
    private static partial void LogBatchRetriedAlone(ILogger logger, Exception exception, int groups);

    private sealed record Pending(AlertSignal Alert, Guid CorrelationId, TaskCompletionSource<AlertOutcome> Outcome);
}
