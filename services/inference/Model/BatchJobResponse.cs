using System.Text.Json;

namespace MlOps.Inference.Model;

/// <summary>
/// A batch scoring job: its model version, progress (input rows read, scored or skipped), the rows it skipped (the first
/// ones listed, each {row, error}), and where its results are once it succeeded.
/// </summary>
public sealed record BatchJobResponse(Guid Id, string? ClientKey, string ModelName, int? ModelVersion, string Format, string OnRowError, string Status,
    long InputBytes, long RowsDone, long RowsSkipped, JsonElement SkippedRows, string? Error, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt)
{
    public const string SelectFrom =
        """
        SELECT id, client_key AS ClientKey, model_name AS ModelName, model_version AS ModelVersion, format, on_row_error AS OnRowError, status,
               input_bytes AS InputBytes, rows_done AS RowsDone, rows_skipped AS RowsSkipped, skipped_rows::text AS SkippedRows, error,
               created_at AS CreatedAt, started_at AS StartedAt, finished_at AS FinishedAt FROM batch_jobs
        """;

    public string? ResultsUrl => Status == "succeeded" ? $"/jobs/{Id}/results" : null;
}
