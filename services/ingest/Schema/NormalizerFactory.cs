using MlOps.Ingest.Loading;

namespace MlOps.Ingest.Schema;

/// <summary>A fresh <see cref="Normalizer"/> per load, from the dataset's stored schema.</summary>
public sealed class NormalizerFactory : IBatchNormalizerFactory
{
    public IBatchNormalizer Create(DatasetSchema schema, Guid loadId) => new Normalizer(schema, loadId);
}
