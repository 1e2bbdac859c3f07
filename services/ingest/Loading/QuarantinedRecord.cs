namespace MlOps.Ingest.Loading;

/// <summary>A row (or, with <see cref="Column"/>, one value) left out of a load, kept with where it came from and why.</summary>
public sealed record QuarantinedRecord(string Table, string Position, string Reason, string? Column, string Raw);
