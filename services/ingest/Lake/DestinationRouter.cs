using System.Text.Json;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Warehouse;

namespace MlOps.Ingest.Lake;

/// <summary>The destination the load engine uses: the warehouse for `postgres` pipelines, the lake for `parquet` ones.</summary>
public sealed class DestinationRouter(PostgresWarehouse warehouse, ParquetLake lake) : ILoadDestination
{
    public Task<ILoadWriter> BeginAsync(LoadJob job, CancellationToken cancellationToken) =>
        For(job.Destination).BeginAsync(job, cancellationToken);

    public Task<IReadOnlyDictionary<string, JsonElement>> ReadStateAsync(
        DestinationSpec destination, string tenantId, string dataset, string pipeline, CancellationToken cancellationToken) =>
        For(destination).ReadStateAsync(destination, tenantId, dataset, pipeline, cancellationToken);

    public Task<DatasetSchema?> ReadSchemaAsync(
        DestinationSpec destination, string tenantId, string dataset, CancellationToken cancellationToken) =>
        For(destination).ReadSchemaAsync(destination, tenantId, dataset, cancellationToken);

    private ILoadDestination For(DestinationSpec destination) => destination.Type switch
    {
        "postgres" => warehouse,
        "parquet" => lake,
        _ => throw new LoadFailedException($"destination type '{destination.Type}' is not known (postgres, parquet)"),
    };
}
