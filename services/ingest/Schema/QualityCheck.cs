namespace MlOps.Ingest.Schema;

/// <summary>
/// A check run on a table after its rows are written, before the load commits: `not_null` and `unique` (on
/// <see cref="Column"/>), `accepted_values` (<see cref="Values"/>), `row_count` (<see cref="Min"/>/<see cref="Max"/> rows
/// in this load), `freshness` (<see cref="Column"/>'s newest value no older than <see cref="MaxAge"/>).
/// </summary>
public sealed record QualityCheck
{
    public required string Type { get; init; }
    public string? Column { get; init; }
    public IReadOnlyList<string> Values { get; init; } = [];
    public long? Min { get; init; }
    public long? Max { get; init; }
    public TimeSpan? MaxAge { get; init; }
    /// <summary>true: a failure fails the load; false (default): recorded and published as DataQualityFailed, the load commits.</summary>
    public bool Blocking { get; init; }
}
