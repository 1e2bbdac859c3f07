using System.Text.Json;
using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Sources;

/// <summary>
/// Rows a source read for one resource (a REST resource, a table, a file), in the source's order. A batch is either
/// tabular (<see cref="Columns"/> and <see cref="Rows"/>) or documents (<see cref="Documents"/>: JSON objects that the
/// normalizer flattens, nested objects to `parent__child` columns and lists to child tables).
/// </summary>
public sealed record SourceBatch
{
    /// <summary>The resource, which names the target table (normalized to snake_case by the engine).</summary>
    public required string Resource { get; init; }

    /// <summary>Column names of tabular rows, as the source spells them.</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>Per column, the type the source knows (PostgreSQL, Parquet), or null to infer from the values (CSV text).</summary>
    public IReadOnlyList<DataType?> ColumnTypes { get; init; } = [];

    /// <summary>
    /// Tabular rows aligned with <see cref="Columns"/>. Values: null, string, bool, long, int, double, decimal,
    /// DateTimeOffset, DateTime (UTC), DateOnly, JsonElement (nested data). A string in a column without a known type is
    /// text to infer from ("42", "true", "2024-05-01T10:00:00Z").
    /// </summary>
    public IReadOnlyList<object?[]> Rows { get; init; } = [];

    /// <summary>Documents (REST items, JSON Lines), each a JSON object.</summary>
    public IReadOnlyList<JsonElement> Documents { get; init; } = [];

    /// <summary>Where row or document i came from, for errors and quarantine ("line 12", "page 3, item 4").</summary>
    public required Func<int, string> PositionOf { get; init; }

    /// <summary>Records the source could not read at all (a malformed CSV line, a non-object JSON item): quarantined as is.</summary>
    public IReadOnlyList<RejectedRecord> Rejected { get; init; } = [];

    /// <summary>The resource's incremental state after this batch, committed with its rows; null when unchanged.</summary>
    public JsonElement? StateAfter { get; init; }

    /// <summary>Bytes read from the source for this batch (progress).</summary>
    public long Bytes { get; init; }

    public int Count => Documents.Count > 0 ? Documents.Count : Rows.Count;
}
