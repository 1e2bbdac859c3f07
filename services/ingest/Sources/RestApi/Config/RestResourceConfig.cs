namespace MlOps.Ingest.Sources.RestApi;

/// <summary>One resource after `resource_defaults` were merged in: its endpoint, load hints and parent link.</summary>
public sealed record RestResourceConfig
{
    public required string Name { get; init; }

    public required RestEndpointConfig Endpoint { get; init; }

    public required ResourceHints Hints { get; init; }

    /// <summary>The resource whose items this one is read per item of; null for a top-level resource.</summary>
    public string? Parent { get; init; }

    public IReadOnlyList<ResolvedParam> ResolvedParams { get; init; } = [];

    /// <summary>Parent fields copied into each item as `_&lt;parent&gt;_&lt;field&gt;`.</summary>
    public IReadOnlyList<string> IncludeFromParent { get; init; } = [];

    /// <summary>false: read (its children need it) but not loaded.</summary>
    public bool Selected { get; init; } = true;

    /// <summary>dlt's `max_table_nesting`, accepted and passed on for the normalizer.</summary>
    public int? MaxTableNesting { get; init; }
}
