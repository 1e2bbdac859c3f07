using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Normalize;

/// <summary>A fresh <see cref="Normalizer"/> per load, from the dataset's stored schema.</summary>
public sealed class NormalizerFactory : IBatchNormalizerFactory
{
    public IBatchNormalizer Create(DatasetSchema schema, Guid loadId) => new Normalizer(schema, loadId);
}
