using MlOps.Ingest.Schema;
using MlOps.Ingest.Sources;

namespace MlOps.Ingest.Loading;

/// <summary>The normalizer as the load engine sees it: source batches in, table rows aligned to the evolving schema out.</summary>
public interface IBatchNormalizer
{
    /// <summary>The dataset schema as evolved by the batches so far.</summary>
    DatasetSchema Schema { get; }

    NormalizedBatch Normalize(SourceBatch batch, ResourceHints hints);

    /// <summary>The sha256 of <see cref="Schema"/> (stored in `_dlt_version` and `_dlt_loads`).</summary>
    string SchemaHash();
}
