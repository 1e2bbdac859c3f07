using MlOps.Contracts;
using MlOps.Inference.Serving;
using MlOps.ServiceDefaults.Messaging;
using Npgsql;

namespace MlOps.Inference.Loading;

/// <summary>Publishes ModelServing once this replica swapped a version in, so a runbook can wait for the restored version.</summary>
public sealed partial class ServingAnnouncer(NpgsqlDataSource db, OutboxWriter outbox, ILogger<ServingAnnouncer> logger)
{
    public async Task AnnounceAsync(ModelKey key, string alias, int version, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await db.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await outbox.EnqueueAsync(transaction, new ModelServing
            {
                TenantId = key.Tenant, ModelName = key.Model, Alias = alias, Version = version, Replica = Environment.MachineName,
            }, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            // The version serves either way; only the announcement is lost, and a waiting runbook times out and escalates.
            LogAnnounceFailed(logger, e, key.ToString(), alias, version);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce that {Model} {Alias} serves version {Version}")]
    private static partial void LogAnnounceFailed(ILogger logger, Exception exception, string model, string alias, int version);
}
