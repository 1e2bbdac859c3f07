using Microsoft.ML.OnnxRuntime;

namespace MlOps.Inference.Serving;

/// <summary>A model's inputs and outputs as ONNX Runtime reads them from the graph, and the checks a request must pass against them.</summary>
public sealed class ModelSignature
{
    public required IReadOnlyList<TensorSpec> Inputs { get; init; }
    public required IReadOnlyList<TensorSpec> Outputs { get; init; }

    /// <summary>Every input and output has a dynamic first dimension: requests can be coalesced into one batch.</summary>
    public bool Batchable => Inputs.All(i => i.Batchable && i.RowSize is not null) && Outputs.All(o => o.Batchable);

    public static ModelSignature From(InferenceSession session) => new()
    {
        Inputs = [.. session.InputMetadata.Select(p => Spec(p.Key, p.Value))],
        Outputs = [.. session.OutputMetadata.Select(p => Spec(p.Key, p.Value))],
    };

    private static TensorSpec Spec(string name, NodeMetadata metadata)
    {
        if (!metadata.IsTensor || !Datatypes.TryFromOnnx(metadata.ElementDataType, out var datatype))
        {
            throw new NotSupportedException($"'{name}' is a {metadata.OnnxValueType} of {metadata.ElementDataType}; only tensors of BOOL, INT8-64, UINT8-64, FP32, FP64 and strings are served.");
        }
        return new TensorSpec(name, datatype, [.. metadata.Dimensions.Select(d => (long)d)]);
    }

    /// <summary>Puts the request's inputs in model order; raises <see cref="InferenceInputException"/> naming the first problem.</summary>
    public Tensor[] Bind(IReadOnlyList<Tensor> inputs)
    {
        var bound = new Tensor[Inputs.Count];
        foreach (var input in inputs)
        {
            var index = Check(input.Name, input.Datatype, input.Shape);
            if (bound[index] is not null)
            {
                throw new InferenceInputException($"input '{input.Name}' is given twice.");
            }
            bound[index] = input;
        }
        for (var i = 0; i < bound.Length; i++)
        {
            if (bound[i] is null)
            {
                throw new InferenceInputException($"missing input '{Inputs[i].Name}' ({Inputs[i].Datatype.Name()} {Inputs[i].ShapeText}).");
            }
        }
        if (Inputs.Count > 1 && Inputs.All(i => i.Batchable) && bound.Select(t => t.Shape[0]).Distinct().Count() > 1)
        {
            throw new InferenceInputException($"inputs disagree on the batch size: {string.Join(", ", bound.Select(t => $"'{t.Name}' has {t.Shape[0]}"))}.");
        }
        return bound;
    }

    public int IndexOf(string input)
    {
        for (var i = 0; i < Inputs.Count; i++)
        {
            if (Inputs[i].Name == input)
            {
                return i;
            }
        }
        return -1;
    }

    public bool HasOutput(string name) => Outputs.Any(o => o.Name == name);

    /// <summary>Whether both take the same inputs (names, datatypes, shapes), so a request checked against one fits the other.</summary>
    public bool SameInputs(ModelSignature other) => Inputs.Count == other.Inputs.Count
        && Inputs.Zip(other.Inputs).All(p => p.First.Name == p.Second.Name && p.First.Datatype == p.Second.Datatype && p.First.Shape.SequenceEqual(p.Second.Shape));

    /// <summary>
    /// Checks an input's name, datatype and shape as declared, before its data is read; returns its index in model order.
    /// Raises <see cref="InferenceInputException"/> naming the input.
    /// </summary>
    public int Check(string name, Datatype datatype, long[] shape)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            throw new InferenceInputException($"unexpected input '{name}': the model's inputs are {string.Join(", ", Inputs.Select(i => i.Name))}.");
        }
        var spec = Inputs[index];
        if (spec.Datatype != datatype)
        {
            throw new InferenceInputException($"input '{name}': datatype {datatype.Name()} does not match the model's {spec.Datatype.Name()}.");
        }
        var matches = spec.Shape.Length == shape.Length;
        for (var d = 0; matches && d < spec.Shape.Length; d++)
        {
            matches = spec.Shape[d] < 0 || spec.Shape[d] == shape[d];
        }
        if (!matches)
        {
            throw new InferenceInputException($"input '{name}': shape [{string.Join(',', shape)}] does not match the model's {spec.ShapeText}.");
        }
        return index;
    }
}
