using System.Text;
using Dapper;
using MlOps.FeatureStore.Definitions;
using Npgsql;
using NpgsqlTypes;

namespace MlOps.FeatureStore.Online;

/// <summary>The default online store: the table online_features in the service's own database, written in the materialization's transaction.</summary>
public sealed class PostgresOnlineStore(NpgsqlDataSource db) : IOnlineStore
{
    private const string Lookup = """
        SELECT q.n, o.features::text, o.event_time, o.materialized_at
        FROM unnest($2::text[], $3::text[], $4::int[]) AS q(v, k, n)
        JOIN online_features o ON o.tenant_id = $1 AND o.view_name = q.v AND o.entity_key = q.k
        """;

    public async Task<StoredFeatures?[]> ReadAsync(string tenant, IReadOnlyList<ResolvedView> views, string[] keys, CancellationToken cancellationToken)
    {
        var names = new string[keys.Length];
        var numbers = new int[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            names[i] = views[i % views.Count].Name;
            numbers[i] = i;
        }
        var found = new StoredFeatures?[keys.Length];
        await using var query = db.CreateCommand(Lookup);
        query.Parameters.Add(new NpgsqlParameter { Value = tenant, NpgsqlDbType = NpgsqlDbType.Text });
        query.Parameters.Add(new NpgsqlParameter { Value = names, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        query.Parameters.Add(new NpgsqlParameter { Value = keys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        query.Parameters.Add(new NpgsqlParameter { Value = numbers, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetInt32(0)] = new StoredFeatures(Encoding.UTF8.GetBytes(reader.GetString(1)), reader.GetDateTime(2), reader.GetDateTime(3));
        }
        return found;
    }

    // Rows and watermark commit in one transaction: what the watermark says is always there.
    public Task<bool> HoldsAsync(string tenant, string view, int version, DateTime? watermark, CancellationToken cancellationToken) => Task.FromResult(true);

    public async Task<IOnlineWriter> BeginAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, ResolvedView view, bool full,
        DateTime now, CancellationToken cancellationToken)
    {
        if (full)
        {
            // A new definition: its rows replace the old version's entirely, in this same transaction.
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM online_features WHERE tenant_id = @tenant AND view_name = @view",
                new { tenant, view = view.Name }, transaction, cancellationToken: cancellationToken));
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TEMP TABLE online_staging (entity_key text, features jsonb, event_time timestamptz) ON COMMIT DROP", transaction: transaction,
            cancellationToken: cancellationToken));
        var copy = await connection.BeginBinaryImportAsync("COPY online_staging (entity_key, features, event_time) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        return new PostgresOnlineWriter(connection, transaction, copy, tenant, view.Name, now);
    }
}
