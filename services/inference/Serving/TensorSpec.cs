namespace MlOps.Inference.Serving;

/// <summary>One model input or output: name, datatype and shape (-1 for a dynamic dimension).</summary>
public sealed record TensorSpec(string Name, Datatype Datatype, long[] Shape)
{
    /// <summary>Whether the first dimension is dynamic, so rows from several requests can be stacked into one run.</summary>
    public bool Batchable => Shape.Length > 0 && Shape[0] < 0;

    /// <summary>Elements per row when every dimension after the first is fixed; null otherwise.</summary>
    public long? RowSize => Shape.Skip(1).All(d => d >= 0) ? Tensor.ElementCount(Shape.AsSpan(1)) : null;

    public string ShapeText => "[" + string.Join(',', Shape) + "]";

    /// <summary>An output as a column name: ML.NET names its ONNX outputs "&lt;column&gt;.output".</summary>
    public static string ColumnName(string output) => output.EndsWith(".output", StringComparison.Ordinal) ? output[..^".output".Length] : output;
}
