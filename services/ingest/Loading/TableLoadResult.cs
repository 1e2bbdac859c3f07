namespace MlOps.Ingest.Loading;

/// <summary>Per table: rows written, rows quarantined and single values quarantined (discard_value).</summary>
public sealed record TableLoadResult(string Table, long RowsLoaded, long RowsQuarantined, long ValuesQuarantined);
