namespace MlOps.Trainer.Model;

/// <summary>One training run of a model.</summary>
public sealed record TrainingRunResponse(Guid Id, string ModelName, Guid? DatasetId, string Status, string? Message, DateTime StartedAt, DateTime? FinishedAt)
{
    public const string SelectFrom =
        "SELECT id, model_name AS ModelName, dataset_id AS DatasetId, status, message, started_at AS StartedAt, finished_at AS FinishedAt FROM training_runs";
}
