namespace MlOps.Contracts;

/// <summary>inference: a batch scoring job ended failed.</summary>
public sealed record BatchJobFailed : IntegrationMessage
{
    /// <summary>The model the job scored with.</summary>
    public required string ModelName { get; init; }
    /// <summary>The job.</summary>
    public required Guid JobId { get; init; }
    /// <summary>Why it failed, as the job reports it.</summary>
    public required string Error { get; init; }
}
