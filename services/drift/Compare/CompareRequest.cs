namespace MlOps.Drift.Compare;

/// <summary>A parsed comparison: columns in request order, embedding sets, and the dataset-drift share threshold.</summary>
public sealed record CompareRequest(IReadOnlyList<(string Name, ParsedColumn Column)> Columns, IReadOnlyList<(string Name, double[][] Reference, double[][] Current)> Embeddings, double ShareThreshold);
