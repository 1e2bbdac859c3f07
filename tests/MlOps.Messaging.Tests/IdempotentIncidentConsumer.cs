using Dapper;
using MassTransit;
using MlOps.Contracts;
using MlOps.ServiceDefaults.Messaging;

namespace MlOps.Messaging.Tests;

/// <summary>A consumer built the way services build theirs: its effect (a row) commits with the inbox record, so duplicates change nothing.</summary>
public sealed class IdempotentIncidentConsumer(Inbox inbox) : IConsumer<IncidentOpened>
{
    private int _deliveries;

    public int Deliveries => Volatile.Read(ref _deliveries);

    public async Task Consume(ConsumeContext<IncidentOpened> context)
    {
        Interlocked.Increment(ref _deliveries);
        await using var handling = await inbox.TryBeginAsync(context, this);
        if (handling is null)
        {
            return;
        }
        await handling.Connection.ExecuteAsync(
            "INSERT INTO handled_incidents (incident_id, message_id) VALUES (@incidentId, @messageId)",
            new { incidentId = context.Message.IncidentId, messageId = context.MessageId }, handling.Transaction);
        await handling.CommitAsync(context.CancellationToken);
    }
}
