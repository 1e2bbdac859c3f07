using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.FeatureStore.Materialization;

/// <summary>A materialization run: its progress while running (views done, rows read and written) and its outcome.</summary>
public sealed record MaterializationRun
{
    public Guid Id { get; init; }

    /// <summary>api, schedule or dataset_loaded.</summary>
    public string Trigger { get; init; } = "";

    /// <summary>The views it materializes; null for every view of the tenant.</summary>
    public string[]? Views { get; init; }

    /// <summary>queued, running, succeeded or failed.</summary>
    public string Status { get; init; } = "";

    public int ViewsDone { get; init; }

    public long RowsRead { get; init; }

    public long RowsWritten { get; init; }

    /// <summary>How many times a worker took it up (more than one after a worker died mid-run).</summary>
    public int Attempts { get; init; }

    public string? Error { get; init; }

    [JsonIgnore]
    public string DetailsJson { get; init; } = "[]";

    /// <summary>Per view: rows read and written and the watermark before and after.</summary>
    public JsonElement Details => JsonDocument.Parse(DetailsJson).RootElement.Clone();

    public DateTime CreatedAt { get; init; }

    public DateTime? StartedAt { get; init; }

    public DateTime? FinishedAt { get; init; }
}
