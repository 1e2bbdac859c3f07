namespace MlOps.Drift.Statistics.Embeddings;

/// <summary>Embedding drift by three methods; the MMD permutation test decides.</summary>
public sealed record EmbeddingDriftResult(StatisticResult Mmd, double DomainClassifierAuc, double MeanDistance, double MeanCosineDistance, bool DriftDetected, double Threshold);
