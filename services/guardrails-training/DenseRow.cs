using Microsoft.ML.Data;

namespace MlOps.Guardrails.Training;

/// <summary>One embedded example as ML.NET reads it (384 MiniLM dimensions).</summary>
public sealed class DenseRow
{
    public bool Label { get; set; }

    [VectorType(384)]
    public float[] Features { get; set; } = [];
}
