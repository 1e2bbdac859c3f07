using MlOps.Inference.Serving;

namespace MlOps.Inference.Logging;

/// <summary>The identity of the version that answered, how its rows are logged, and which logged output is its score.</summary>
public sealed record ServedModelInfo(ModelKey Key, int Version, LoggedSchema Schema, int ScoreColumn)
{
    public static ServedModelInfo Of(ModelKey key, int version, ModelSignature signature)
    {
        var schema = LoggedSchema.Of(signature);
        return new(key, version, schema, ScoreColumnOf(schema));
    }

    // The calibrated probability when the model has one, else its first floating-point output.
    private static int ScoreColumnOf(LoggedSchema schema)
    {
        var probability = Array.FindIndex(schema.OutputNames, n => n.StartsWith("Probability", StringComparison.OrdinalIgnoreCase));
        return probability >= 0 ? probability : Array.FindIndex(schema.OutputDatatypes, d => d is Datatype.Fp32 or Datatype.Fp64);
    }
}
