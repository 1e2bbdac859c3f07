using System.Text.Json;

namespace MlOps.Trainer.Model;

/// <summary>
/// One training run of a model: why it ran, the warehouse data it trained on (a <see cref="TrainingDataLineage"/>; null for the
/// demo data), what it registered, whether the gate let it become champion, its holdout metrics.
/// </summary>
public sealed record TrainingRunResponse(Guid Id, string ModelName, JsonElement? Data, string Status, string? Message, string Reason,
    int? Version, bool Promoted, JsonElement Metrics, DateTime StartedAt, DateTime? FinishedAt)
{
    public const string SelectFrom =
        """
        SELECT id, model_name AS ModelName, data::text AS Data, status, message, reason, version, promoted, metrics::text AS Metrics,
               started_at AS StartedAt, finished_at AS FinishedAt FROM training_runs
        """;
}
