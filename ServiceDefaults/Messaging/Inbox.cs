using Dapper;
using Npgsql;

namespace MlOps.ServiceDefaults.Messaging;

/// <summary>
/// Makes consumers idempotent: a consumer opens an inbox transaction for the message; the handled-id row and the
/// consumer's own changes commit together, and a message already handled by that consumer yields no transaction.
/// </summary>
public sealed class Inbox(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Records a message as handled in the caller's transaction (a batch consumer's, one per batch); false when this consumer
    /// already handled it, so the caller skips it.
    /// </summary>
    public static async Task<bool> TryRecordAsync(NpgsqlTransaction transaction, Guid messageId, string consumer, string messageType,
        CancellationToken cancellationToken) =>
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "INSERT INTO inbox_messages (message_id, consumer, message_type) VALUES (@messageId, @consumer, @messageType) ON CONFLICT DO NOTHING",
            new { messageId, consumer, messageType }, transaction, cancellationToken: cancellationToken)) == 1;

    /// <summary>Starts handling a message, or returns null when this consumer already handled it.</summary>
    public async Task<InboxTransaction?> TryBeginAsync(Guid messageId, string consumer, string messageType, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // A concurrent duplicate blocks on the primary key until the first commits, then inserts nothing.
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO inbox_messages (message_id, consumer, message_type) VALUES (@messageId, @consumer, @messageType) ON CONFLICT DO NOTHING",
            new { messageId, consumer, messageType }, transaction, cancellationToken: cancellationToken));
        if (inserted == 1)
        {
            return new InboxTransaction(connection, transaction);
        }
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
        return null;
    }
}
