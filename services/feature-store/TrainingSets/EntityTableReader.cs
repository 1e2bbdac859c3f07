using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using MlOps.FeatureStore.Warehouse;
using Npgsql;

namespace MlOps.FeatureStore.TrainingSets;

/// <summary>
/// Reads an entity table from the tenant's warehouse as JSON rows (ingest's _dlt_ bookkeeping columns left out), a batch at
/// a time through a cursor in the caller's transaction, so the join can run between batches on the same snapshot.
/// </summary>
public static class EntityTableReader
{
    /// <summary>
    /// Batches of at most <paramref name="batchRows"/> rows; more than <paramref name="maxRows"/> in all is a 400. The reference
    /// names a dataset and a table (TrainingSetRequest.Validate checked it).
    /// </summary>
    public static async IAsyncEnumerable<List<JsonObject?>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant,
        EntityTableRef source, int maxRows, int batchRows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await WarehouseCatalog.TableAsync(connection, tenant, source.Dataset!, source.Table!, "entityTable.", cancellationToken);
        try
        {
            await using var declare = new NpgsqlCommand(
                $"DECLARE entity_rows NO SCROLL CURSOR FOR SELECT to_jsonb(t) - '_dlt_load_id' - '_dlt_id' FROM {table.QualifiedName} t",
                connection, transaction);
            await declare.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw WarehouseCatalog.Denied("entityTable.table", source.Dataset!, source.Table!);
        }
        var read = 0;
        while (true)
        {
            var batch = await FetchAsync(connection, transaction, source, batchRows, cancellationToken);
            read += batch.Count;
            if (read > maxRows)
            {
                throw new WarehouseInputException("entityTable.table", $"Table '{source.Table}' has more than {maxRows} rows, "
                    + $"the most one training set joins ({FeatureStoreOptions.SectionName}:MaxEntityRows).");
            }
            if (batch.Count == 0)
            {
                yield break;
            }
            yield return batch;
        }
    }

    private static async Task<List<JsonObject?>> FetchAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EntityTableRef source, int batchRows,
        CancellationToken cancellationToken)
    {
        var batch = new List<JsonObject?>(batchRows);
        try
        {
            await using var fetch = new NpgsqlCommand($"FETCH {batchRows} FROM entity_rows", connection, transaction);
            await using var reader = await fetch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                batch.Add(JsonNode.Parse(reader.GetString(0))!.AsObject());
            }
            return batch;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw WarehouseCatalog.Denied("entityTable.table", source.Dataset!, source.Table!);
        }
    }
}
