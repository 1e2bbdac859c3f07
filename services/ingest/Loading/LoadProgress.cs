namespace MlOps.Ingest.Loading;

/// <summary>Rows and bytes read so far in a load.</summary>
public readonly record struct LoadProgress(long Rows, long Bytes);
