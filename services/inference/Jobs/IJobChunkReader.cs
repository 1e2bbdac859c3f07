using MlOps.Inference.Serving;

namespace MlOps.Inference.Jobs;

/// <summary>A job input read in chunks of model-ordered input tensors.</summary>
public interface IJobChunkReader : IDisposable
{
    void Skip(long rows);

    /// <summary>The next chunk of at most <paramref name="maxRows"/> rows; null at the end.</summary>
    Tensor[]? ReadChunk(int maxRows);
}
