namespace MlOps.Drift.Compare;

/// <summary>How large an inline embedding set may be (per side), and how many vectors per side the quadratic methods use.</summary>
public sealed record EmbeddingLimits(int MaxVectorsPerSide, long MaxValuesPerSide, int SampleVectorsPerSide)
{
    public static EmbeddingLimits From(DriftOptions options) =>
        new(options.MaxEmbeddingVectorsPerSide, options.MaxEmbeddingValuesPerSide, options.EmbeddingSampleVectorsPerSide);
}
