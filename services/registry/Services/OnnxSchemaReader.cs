using Microsoft.ML.OnnxRuntime;
using MlOps.Registry.Model;

namespace MlOps.Registry.Services;

/// <summary>Reads inputs and outputs by loading the model with ONNX Runtime, which also proves the file is a model it can run.</summary>
public static class OnnxSchemaReader
{
    public static (IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs) Read(string path)
    {
        try
        {
            using var options = new Microsoft.ML.OnnxRuntime.SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
            using var session = new InferenceSession(path, options);
            return (Describe(session.InputMetadata), Describe(session.OutputMetadata));
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOnnxModelException(e.Message);
        }
    }

    private static TensorSpec[] Describe(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
        nodes.Select(node => new TensorSpec(
                node.Key,
                node.Value.IsTensor ? node.Value.ElementDataType.ToString().ToUpperInvariant() : node.Value.OnnxValueType.ToString().ToUpperInvariant(),
                node.Value.IsTensor ? node.Value.Dimensions : [],
                node.Value.IsTensor ? node.Value.SymbolicDimensions : []))
            .ToArray();
}
