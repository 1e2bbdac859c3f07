using System.Text.Json;

namespace MlOps.Ingest.Pipelines;

/// <summary>What a run needs of its pipeline: the source config still protected, and where it loads.</summary>
public sealed record StoredPipeline(Guid Id, string TenantId, string Name, string Dataset, string SourceType, string SourceProtected, JsonElement Destination);
