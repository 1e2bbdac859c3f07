using System.Text.Json;

namespace MlOps.Ingest.Sources.Postgres;

/// <summary>dlt's incremental: rows whose cursor is at least the last value seen minus the lookback, which re-reads late rows.</summary>
public sealed record PostgresIncremental(string CursorColumn, JsonElement? InitialValue, TimeSpan Lookback);
