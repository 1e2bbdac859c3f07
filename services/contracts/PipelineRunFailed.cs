namespace MlOps.Contracts;

/// <summary>ingest: a pipeline run ended failed (nothing of its load is visible).</summary>
public sealed record PipelineRunFailed : IntegrationMessage
{
    /// <summary>The pipeline.</summary>
    public required string Pipeline { get; init; }
    /// <summary>The run.</summary>
    public required Guid RunId { get; init; }
    /// <summary>Why it failed, as the run reports it.</summary>
    public required string Error { get; init; }
}
