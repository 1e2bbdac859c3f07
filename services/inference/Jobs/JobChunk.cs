using MlOps.Inference.Serving;

namespace MlOps.Inference.Jobs;

/// <summary>
/// One chunk of a job's input: the tensors of the rows that could be read, each row's index in the input (the results'
/// row column), how many input rows the chunk consumed, and the rows it could not read.
/// </summary>
public sealed record JobChunk(Tensor[] Inputs, long[] RowIndexes, int InputRows, IReadOnlyList<SkippedRow> Skipped)
{
    public int ScoredRows => RowIndexes.Length;
}
