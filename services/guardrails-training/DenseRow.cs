namespace MlOps.Guardrails.Training;

/// <summary>One embedded example as ML.NET reads it (its width set by DenseHead's schema).</summary>
public sealed class DenseRow
{
    public bool Label { get; set; }

    public float[] Features { get; set; } = [];
}
