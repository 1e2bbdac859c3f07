using Microsoft.ML.Data;

namespace MlOps.Guardrails.Training;

/// <summary>One featurized example as ML.NET reads it.</summary>
public sealed class FeatureRow
{
    public bool Label { get; set; }

    public VBuffer<float> Features { get; set; }
}
