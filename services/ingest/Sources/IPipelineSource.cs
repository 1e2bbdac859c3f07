namespace MlOps.Ingest.Sources;

/// <summary>A configured source: its resources (with their hints) and a reader of their rows.</summary>
public interface IPipelineSource
{
    /// <summary>The resources this source yields, in order, with their load hints.</summary>
    IReadOnlyList<ResourceHints> Resources { get; }

    /// <summary>
    /// Reads every resource, in batches of at most <see cref="SourceReadContext.BatchRows"/> rows. A source that cannot go on
    /// (unreachable host, 4xx from an API, a file that is not CSV) throws <see cref="SourceException"/> naming the position.
    /// </summary>
    IAsyncEnumerable<SourceBatch> ReadAsync(SourceReadContext context, CancellationToken cancellationToken);
}
