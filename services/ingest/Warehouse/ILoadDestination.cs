using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using System.Text.Json;

namespace MlOps.Ingest.Warehouse;

/// <summary>Where loads land (the PostgreSQL warehouse, the Parquet lake, the router between them).</summary>
public interface ILoadDestination
{
    /// <summary>Opens a load, serialized with other loads of the same dataset.</summary>
    Task<ILoadWriter> BeginAsync(LoadJob job, CancellationToken cancellationToken);

    /// <summary>The committed per-resource state of a pipeline at <paramref name="destination"/> (empty before its first load).</summary>
    Task<IReadOnlyDictionary<string, JsonElement>> ReadStateAsync(
        DestinationSpec destination, string tenantId, string dataset, string pipeline, CancellationToken cancellationToken);

    /// <summary>The latest stored schema of a dataset at <paramref name="destination"/>, or null before its first load.</summary>
    Task<DatasetSchema?> ReadSchemaAsync(
        DestinationSpec destination, string tenantId, string dataset, CancellationToken cancellationToken);
}
