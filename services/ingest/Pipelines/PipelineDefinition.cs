using System.Text.Json;
using MlOps.Ingest.Loading;

namespace MlOps.Ingest.Pipelines;

/// <summary>A validated pipeline, ready to store: the source config in full (to protect) and masked (to show).</summary>
public sealed record PipelineDefinition(string Name, string Dataset, string SourceType, JsonElement SourceConfig, DestinationSpec Destination,
    string? Schedule, DateTime? NextRunAt);
