namespace MlOps.Inference.Serving;

/// <summary>A named tensor held in a typed managed array (float[], long[], string[], bool[] ...), row-major.</summary>
public sealed record Tensor(string Name, Datatype Datatype, long[] Shape, Array Data)
{
    /// <summary>The first dimension: rows in a batch.</summary>
    public int Rows => Shape.Length == 0 ? 1 : (int)Shape[0];

    /// <summary>Elements per row.</summary>
    public int RowSize => Shape.Length == 0 || Shape[0] == 0 ? Data.Length : Data.Length / (int)Shape[0];

    /// <summary>The product of the dimensions; throws <see cref="OverflowException"/> past <see cref="long.MaxValue"/>.</summary>
    public static long ElementCount(ReadOnlySpan<long> shape) =>
        TryElementCount(shape, out var count) ? count : throw new OverflowException($"shape [{string.Join(',', shape.ToArray())}] has more than {long.MaxValue} elements");

    /// <summary>The product of non-negative dimensions, false when it overflows (a zero dimension makes it 0 whatever the others).</summary>
    public static bool TryElementCount(ReadOnlySpan<long> shape, out long count)
    {
        count = 1;
        if (shape.Contains(0))
        {
            count = 0;
            return true;
        }
        foreach (var dimension in shape)
        {
            try
            {
                count = checked(count * dimension);
            }
            catch (OverflowException)
            {
                count = 0;
                return false;
            }
        }
        return true;
    }
}
