using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace MlOps.FeatureStore.TrainingSets;

/// <summary>Training sets in the feature store's own database: the set and its rows written in one transaction (binary COPY).</summary>
public sealed class TrainingSetStore(NpgsqlDataSource db)
{
    private const string Select = """
        SELECT id, feature_service AS featureService, feature_service_version AS featureServiceVersion, definition::text AS definitionJson, row_count AS rows,
               created_by AS createdBy, created_at AS createdAt
        FROM training_sets
        """;

    public async Task<TrainingSetResponse> CreateAsync(string tenant, string featureService, int version, JsonObject definition,
        IReadOnlyList<JsonObject> rows, string actor, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO training_sets (id, tenant_id, feature_service, feature_service_version, definition, row_count, created_by)
            VALUES (@id, @tenant, @featureService, @version, @definition::jsonb, @rows, @actor)
            """, new { id, tenant, featureService, version, definition = definition.ToJsonString(), rows = (long)rows.Count, actor }, transaction,
            cancellationToken: cancellationToken));
        await using (var copy = await connection.BeginBinaryImportAsync("COPY training_set_rows (training_set_id, row_no, row) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(rows[i].ToJsonString(), NpgsqlDbType.Jsonb, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return (await GetAsync(tenant, id, cancellationToken))!;
    }

    public async Task<TrainingSetResponse?> GetAsync(string tenant, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<TrainingSetResponse>(new CommandDefinition(
            Select + " WHERE tenant_id = @tenant AND id = @id", new { tenant, id }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<TrainingSetResponse>> ListAsync(string tenant, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<TrainingSetResponse>(new CommandDefinition(
            Select + " WHERE tenant_id = @tenant ORDER BY id DESC LIMIT @limit", new { tenant, limit }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>A page of rows, or null when the tenant has no such set.</summary>
    public async Task<TrainingSetRowsPage?> RowsAsync(string tenant, Guid id, int offset, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT row_count FROM training_sets WHERE tenant_id = @tenant AND id = @id",
                new { tenant, id }, cancellationToken: cancellationToken)) is not { } count)
        {
            return null;
        }
        var rows = (await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT row::text FROM training_set_rows WHERE training_set_id = @id AND row_no >= @offset ORDER BY row_no LIMIT @limit
            """, new { id, offset, limit }, cancellationToken: cancellationToken)))
            .Select(r => JsonDocument.Parse(r).RootElement.Clone()).ToList();
        return new TrainingSetRowsPage(rows, offset + rows.Count < count ? offset + rows.Count : null);
    }
}
