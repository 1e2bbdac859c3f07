using System.Text.Json;

namespace MlOps.Ingest.Model;

/// <summary>A pipeline as stored; secrets in the source config read back as "***".</summary>
public sealed record PipelineResponse(Guid Id, string Name, string Dataset, string SourceType, JsonElement SourceConfig, JsonElement Destination,
    string? Schedule, bool Paused, int Version, DateTime? NextRunAt, DateTime CreatedAt, DateTime UpdatedAt)
{
    public const string SelectFrom =
        """
        SELECT id, name, dataset, source_type AS SourceType, source_config::text AS SourceConfig, destination::text AS Destination, schedule, paused,
               version, next_run_at AS NextRunAt, created_at AS CreatedAt, updated_at AS UpdatedAt FROM pipelines
        """;
}
