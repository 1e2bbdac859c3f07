using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace MlOps.FeatureStore.TrainingSets;

/// <summary>
/// One training set being written: its header and rows go into the feature store's database in one transaction (binary
/// COPY, batch after batch), so a set is seen whole or not at all while the builder holds only the batch in hand.
/// </summary>
public sealed class TrainingSetWriter : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly NpgsqlBinaryImporter _copy;

    private TrainingSetWriter(Guid id, NpgsqlConnection connection, NpgsqlTransaction transaction, NpgsqlBinaryImporter copy)
    {
        Id = id;
        _connection = connection;
        _transaction = transaction;
        _copy = copy;
    }

    public Guid Id { get; }

    public int Rows { get; private set; }

    public static async Task<TrainingSetWriter> BeginAsync(NpgsqlDataSource db, string tenant, string featureService, int version, JsonObject definition,
        string actor, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var connection = await db.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var header = new NpgsqlCommand("""
                INSERT INTO training_sets (id, tenant_id, feature_service, feature_service_version, definition, row_count, created_by)
                VALUES ($1, $2, $3, $4, $5::jsonb, 0, $6)
                """, connection, transaction))
            {
                header.Parameters.Add(new NpgsqlParameter { Value = id });
                header.Parameters.Add(new NpgsqlParameter { Value = tenant });
                header.Parameters.Add(new NpgsqlParameter { Value = featureService });
                header.Parameters.Add(new NpgsqlParameter { Value = version });
                header.Parameters.Add(new NpgsqlParameter { Value = definition.ToJsonString() });
                header.Parameters.Add(new NpgsqlParameter { Value = actor });
                await header.ExecuteNonQueryAsync(cancellationToken);
            }
            var copy = await connection.BeginBinaryImportAsync("COPY training_set_rows (training_set_id, row_no, row) FROM STDIN (FORMAT BINARY)",
                cancellationToken);
            return new TrainingSetWriter(id, connection, transaction, copy);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task WriteAsync(IReadOnlyList<JsonObject> rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            await _copy.StartRowAsync(cancellationToken);
            await _copy.WriteAsync(Id, NpgsqlDbType.Uuid, cancellationToken);
            await _copy.WriteAsync(Rows++, NpgsqlDbType.Integer, cancellationToken);
            await _copy.WriteAsync(row.ToJsonString(), NpgsqlDbType.Jsonb, cancellationToken);
        }
    }

    /// <summary>Ends the rows, records their count and commits: the set becomes visible.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await _copy.CompleteAsync(cancellationToken);
        await _copy.CloseAsync(cancellationToken);
        await using (var count = new NpgsqlCommand("UPDATE training_sets SET row_count = $1 WHERE id = $2", _connection, _transaction))
        {
            count.Parameters.Add(new NpgsqlParameter { Value = (long)Rows });
            count.Parameters.Add(new NpgsqlParameter { Value = Id });
            await count.ExecuteNonQueryAsync(cancellationToken);
        }
        await _transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Without <see cref="CommitAsync"/>, nothing of the set is kept (disposing the import cancels the COPY).</summary>
    public async ValueTask DisposeAsync()
    {
        await _copy.DisposeAsync();
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
