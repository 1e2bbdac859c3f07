namespace MlOps.Inference.Serving;

/// <summary>A named tensor held in a typed managed array (float[], long[], string[], bool[] ...), row-major.</summary>
public sealed record Tensor(string Name, Datatype Datatype, long[] Shape, Array Data)
{
    /// <summary>The first dimension: rows in a batch.</summary>
    public int Rows => Shape.Length == 0 ? 1 : (int)Shape[0];

    /// <summary>Elements per row.</summary>
    public int RowSize => Shape.Length == 0 || Shape[0] == 0 ? Data.Length : Data.Length / (int)Shape[0];

    public static long ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (var dimension in shape)
        {
            count *= dimension;
        }
        return count;
    }
}
