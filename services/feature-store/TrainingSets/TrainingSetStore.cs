using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;

namespace MlOps.FeatureStore.TrainingSets;

/// <summary>Training sets in the feature store's own database (written by <see cref="TrainingSetWriter"/>), read by tenant.</summary>
public sealed class TrainingSetStore(NpgsqlDataSource db)
{
    private const string Select = """
        SELECT id, feature_service AS featureService, feature_service_version AS featureServiceVersion, definition::text AS definitionJson, row_count AS rows,
               created_by AS createdBy, created_at AS createdAt
        FROM training_sets
        """;

    /// <summary>Starts a set; nothing of it is visible until the writer commits.</summary>
    public Task<TrainingSetWriter> BeginAsync(string tenant, string featureService, int version, JsonObject definition, string actor,
        CancellationToken cancellationToken) =>
        TrainingSetWriter.BeginAsync(db, tenant, featureService, version, definition, actor, cancellationToken);

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
