namespace MlOps.Ingest.Sources;

/// <summary>A record a source could not read: kept in quarantine with where it was and why.</summary>
public sealed record RejectedRecord(string Position, string Reason, string Raw);
