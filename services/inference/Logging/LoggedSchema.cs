using MlOps.Inference.Serving;

namespace MlOps.Inference.Logging;

/// <summary>How a version's log rows are laid out: which inputs are numeric or categorical columns and which outputs are kept.</summary>
public sealed record LoggedSchema(int[] NumericInputs, int[] CategoricalInputs, int[] Outputs, string[] NumericNames, string[] CategoricalNames, string[] OutputNames,
    Datatype[] OutputDatatypes)
{
    /// <summary>One value per row only: wider tensors (images, embeddings) and string outputs are not logged.</summary>
    public static LoggedSchema Of(ModelSignature signature)
    {
        var numeric = Indexes(signature.Inputs, s => s.RowSize == 1 && s.Datatype != Datatype.Bytes);
        var categorical = Indexes(signature.Inputs, s => s.RowSize == 1 && s.Datatype == Datatype.Bytes);
        var outputs = Indexes(signature.Outputs, s => s.RowSize == 1 && s.Datatype != Datatype.Bytes);
        return new LoggedSchema(numeric, categorical, outputs,
            [.. numeric.Select(i => signature.Inputs[i].Name)], [.. categorical.Select(i => signature.Inputs[i].Name)], [.. outputs.Select(i => signature.Outputs[i].Name)],
            [.. outputs.Select(i => signature.Outputs[i].Datatype)]);
    }

    private static int[] Indexes(IReadOnlyList<TensorSpec> specs, Func<TensorSpec, bool> keep) =>
        [.. Enumerable.Range(0, specs.Count).Where(i => keep(specs[i]))];
}
