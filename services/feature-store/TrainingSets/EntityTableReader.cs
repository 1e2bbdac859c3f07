using System.Text.Json.Nodes;
using MlOps.FeatureStore.Warehouse;
using Npgsql;

namespace MlOps.FeatureStore.TrainingSets;

/// <summary>Reads an entity table from the tenant's warehouse as JSON rows (ingest's _dlt_ bookkeeping columns left out), bounded.</summary>
public sealed class EntityTableReader(WarehouseCatalog catalog)
{
    public async Task<IReadOnlyList<JsonObject?>> ReadAsync(string tenant, EntityTableRef source, int maxRows, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(source.Dataset) || string.IsNullOrWhiteSpace(source.Table))
        {
            throw new WarehouseInputException("entityTable", "An entity table is named by its dataset and table.");
        }
        var (connection, transaction) = await catalog.BeginReadAsync(tenant, cancellationToken);
        await using (connection)
        await using (transaction)
        {
            var table = await WarehouseCatalog.TableAsync(connection, tenant, source.Dataset, source.Table, "entityTable.", cancellationToken);
            await using var query = new NpgsqlCommand(
                $"SELECT to_jsonb(t) - '_dlt_load_id' - '_dlt_id' FROM {table.QualifiedName} t LIMIT {maxRows + 1}", connection, transaction);
            var rows = new List<JsonObject?>();
            try
            {
                await using var reader = await query.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (rows.Count == maxRows)
                    {
                        throw new WarehouseInputException("entityTable.table", $"Table '{source.Table}' has more than {maxRows} rows, "
                            + $"the most one training set joins ({FeatureStoreOptions.SectionName}:MaxEntityRows).");
                    }
                    rows.Add(JsonNode.Parse(reader.GetString(0))!.AsObject());
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                throw WarehouseCatalog.Denied("entityTable.table", source.Dataset, source.Table);
            }
            return rows;
        }
    }
}
