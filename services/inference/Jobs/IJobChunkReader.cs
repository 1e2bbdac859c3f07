namespace MlOps.Inference.Jobs;

/// <summary>A job input read in chunks of model-ordered input tensors, with the rows that could not be read.</summary>
public interface IJobChunkReader : IDisposable
{
    /// <summary>Moves past <paramref name="rows"/> input rows (read, scored or skipped, by an earlier holder).</summary>
    void Skip(long rows);

    /// <summary>The next chunk of at most <paramref name="maxRows"/> input rows; null at the end.</summary>
    JobChunk? ReadChunk(int maxRows);
}
