namespace MlOps.Ingest.Loading;

/// <summary>What a committed load wrote. A load that fails throws <see cref="LoadFailedException"/> and leaves nothing visible.</summary>
public sealed record LoadOutcome
{
    public required Guid LoadId { get; init; }
    public required IReadOnlyList<TableLoadResult> Tables { get; init; }
    public IReadOnlyList<QualityResult> Quality { get; init; } = [];
    /// <summary>sha256 of the dataset's schema after the load, and its version number (1 for the first).</summary>
    public required string SchemaHash { get; init; }
    public required long SchemaVersion { get; init; }
    public long Bytes { get; init; }

    /// <summary>Rows (documents, lines) read from the source; tables may hold more (child tables) or fewer (quarantine).</summary>
    public long RowsRead { get; init; }
}
