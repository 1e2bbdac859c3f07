using MlOps.Ingest.Normalize;
using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Loading;

/// <summary>Starts a normalizer for one load from the dataset's stored schema.</summary>
public interface IBatchNormalizerFactory
{
    IBatchNormalizer Create(DatasetSchema schema, Guid loadId);
}
