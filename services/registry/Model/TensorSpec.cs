namespace MlOps.Registry.Model;

/// <summary>One graph input or output as read from the ONNX model: name, element type and shape (-1 for a dynamic dimension).</summary>
public sealed record TensorSpec(string Name, string ElementType, int[] Shape, string[] DimensionNames);
