namespace MlOps.Ingest.Loading;

/// <summary>One load of one pipeline run: everything it writes becomes visible together, under <see cref="LoadId"/>.</summary>
public sealed record LoadJob
{
    /// <summary>A version 7 uuid, so load ids sort by time.</summary>
    public required Guid LoadId { get; init; }
    public required string TenantId { get; init; }
    public required string Dataset { get; init; }
    public required string Pipeline { get; init; }
    public DestinationSpec Destination { get; init; } = new();
    public IProgress<LoadProgress>? Progress { get; init; }
}
