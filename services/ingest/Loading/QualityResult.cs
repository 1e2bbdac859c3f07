namespace MlOps.Ingest.Loading;

/// <summary>One quality check's result on one table in one load.</summary>
public sealed record QualityResult(string Table, string Check, string? Column, bool Passed, string Detail);
