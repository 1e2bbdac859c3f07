namespace MlOps.Inference.Serving;

/// <summary>ONNX Runtime runs made by a batcher and the rows they carried.</summary>
public sealed record BatchStats(long Runs, long Rows)
{
    public double AverageBatchSize => Runs == 0 ? 0 : (double)Rows / Runs;
}
