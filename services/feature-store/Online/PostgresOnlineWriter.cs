using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace MlOps.FeatureStore.Online;

/// <summary>Copies a view's values into a temporary staging table, then upserts them into online_features (the transaction commits both or neither).</summary>
public sealed class PostgresOnlineWriter(NpgsqlConnection connection, NpgsqlTransaction transaction, NpgsqlBinaryImporter copy, string tenant,
    string view, DateTime now) : IOnlineWriter
{
    private bool _copying = true;

    public async ValueTask WriteAsync(string entityKey, string features, DateTime eventTime, CancellationToken cancellationToken)
    {
        await copy.StartRowAsync(cancellationToken);
        await copy.WriteAsync(entityKey, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(features, NpgsqlDbType.Jsonb, cancellationToken);
        await copy.WriteAsync(eventTime, NpgsqlDbType.TimestampTz, cancellationToken);
    }

    public async Task<long> CompleteAsync(int version, DateTime? watermark, CancellationToken cancellationToken)
    {
        await copy.CompleteAsync(cancellationToken);
        await copy.DisposeAsync();
        _copying = false;
        return await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO online_features (tenant_id, view_name, entity_key, features, event_time, materialized_at)
            SELECT @tenant, @view, entity_key, features, event_time, @now FROM online_staging
            ON CONFLICT (tenant_id, view_name, entity_key) DO UPDATE
                SET features = excluded.features, event_time = excluded.event_time, materialized_at = excluded.materialized_at
                WHERE online_features.event_time <= excluded.event_time
            """, new { tenant, view, now }, transaction, cancellationToken: cancellationToken));
    }

    // Uncompleted: the import is cancelled, and the rolled-back transaction drops the staging table.
    public async ValueTask DisposeAsync()
    {
        if (_copying)
        {
            _copying = false;
            await copy.DisposeAsync();
        }
    }
}
