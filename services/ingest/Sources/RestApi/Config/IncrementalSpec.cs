using System.Text.Json;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>
/// dlt's incremental: the cursor tracked in items, the parameters sending its start (last value) and end, the first run's
/// start, an end, and a lag subtracted from the start (seconds for timestamps, days for dates, units for numbers).
/// </summary>
public sealed record IncrementalSpec
{
    public required JsonPath CursorPath { get; init; }

    public string? StartParam { get; init; }

    public string? EndParam { get; init; }

    public JsonElement? InitialValue { get; init; }

    public JsonElement? EndValue { get; init; }

    public double? Lag { get; init; }

    /// <summary>on_cursor_value_missing: raise (dlt's default), include or exclude.</summary>
    public string OnCursorValueMissing { get; init; } = "raise";
}
