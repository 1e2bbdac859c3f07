using System.ComponentModel.DataAnnotations;

namespace MlOps.Trainer.Model;

/// <summary>
/// Ask for a training run now (the same as a RequestRetraining command); without data, the model's last training data. The
/// version lands on challenger unless Promote asks for champion through the gate (which needs registry:promote).
/// </summary>
public sealed record StartTrainingRequest(
    [Required, StringLength(128, MinimumLength = 1)] string ModelName,
    [StringLength(1000)] string? Reason,
    TrainingDataRequest? Data = null,
    bool Promote = false);
