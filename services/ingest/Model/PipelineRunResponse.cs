using System.Text.Json;

namespace MlOps.Ingest.Model;

/// <summary>
/// A run of a pipeline: status, progress (rows and bytes read, rows per second), and once committed, per table the rows
/// loaded and quarantined under its load id, the quality results and the schema hash; a failed run says why.
/// </summary>
public sealed record PipelineRunResponse(Guid Id, string PipelineName, string Trigger, string Status, Guid LoadId, long RowsRead, long BytesRead,
    JsonElement Tables, JsonElement Quality, string? SchemaHash, string? Error, bool CancelRequested, DateTime CreatedAt, DateTime? StartedAt,
    DateTime? FinishedAt)
{
    public const string SelectFrom =
        """
        SELECT id, pipeline_name AS PipelineName, trigger, status, load_id AS LoadId, rows_read AS RowsRead, bytes_read AS BytesRead,
               tables::text AS Tables, quality::text AS Quality, schema_hash AS SchemaHash, error, cancel_requested AS CancelRequested,
               created_at AS CreatedAt, started_at AS StartedAt, finished_at AS FinishedAt FROM pipeline_runs
        """;

    /// <summary>Rows read per second while the run ran (to now, for a running one).</summary>
    public double RowsPerSecond => StartedAt is { } start && ((FinishedAt ?? DateTime.UtcNow) - start).TotalSeconds is > 0 and var seconds
        ? Math.Round(RowsRead / seconds, 1) : 0;
}
