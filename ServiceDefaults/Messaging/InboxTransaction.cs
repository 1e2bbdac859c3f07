using Npgsql;

namespace MlOps.ServiceDefaults.Messaging;

/// <summary>The open transaction a consumer does its work in; disposing without commit rolls back, so a retry sees the message as new.</summary>
public sealed class InboxTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
{
    public NpgsqlConnection Connection { get; } = connection;

    public NpgsqlTransaction Transaction { get; } = transaction;

    public Task CommitAsync(CancellationToken cancellationToken) => Transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
