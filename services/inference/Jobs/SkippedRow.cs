namespace MlOps.Inference.Jobs;

/// <summary>A row that could not be scored: its number (CSV: data row from 1; JSON Lines: line from 1) and what is wrong with it.</summary>
public sealed record SkippedRow(long Row, string Error);
