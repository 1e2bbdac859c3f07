using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using System.Text.Json;

namespace MlOps.Ingest.Warehouse;

/// <summary>Where loads land (the PostgreSQL warehouse; a Parquet lake can implement the same).</summary>
public interface ILoadDestination
{
    /// <summary>Opens a load, serialized with other loads of the same dataset.</summary>
    Task<ILoadWriter> BeginAsync(LoadJob job, CancellationToken cancellationToken);

    /// <summary>The committed per-resource state of a pipeline (empty before its first load).</summary>
    Task<IReadOnlyDictionary<string, JsonElement>> ReadStateAsync(
        string tenantId, string dataset, string pipeline, CancellationToken cancellationToken);

    /// <summary>The latest stored schema of a dataset, or null before its first load.</summary>
    Task<DatasetSchema?> ReadSchemaAsync(string tenantId, string dataset, CancellationToken cancellationToken);
}
