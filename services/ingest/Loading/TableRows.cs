using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Loading;

/// <summary>
/// Normalized rows of one table, aligned with <see cref="Table"/>'s columns (that table's schema as of this batch).
/// Values by type: bool, long, double, decimal, string (text), DateTime in UTC (timestamp), DateOnly (date), string of
/// JSON (json), or null.
/// </summary>
public sealed record TableRows(TableSchema Table, IReadOnlyList<object?[]> Rows);
