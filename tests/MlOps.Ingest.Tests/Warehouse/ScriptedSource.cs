using System.Runtime.CompilerServices;
using System.Text.Json;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Sources;

namespace MlOps.Ingest.Tests.Warehouse;

/// <summary>A source of one resource yielding given id batches, each with state {"cursor": last id}; optionally failing after them.</summary>
internal sealed class ScriptedSource(ResourceHints resource, long[][] batches, Exception? failAfter = null) : IPipelineSource
{
    public IReadOnlyList<ResourceHints> Resources { get; } = [resource];

    public SourceReadContext? Context { get; private set; }

    public Action? AfterEachBatch { get; init; }

    public async IAsyncEnumerable<SourceBatch> ReadAsync(
        SourceReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Context = context;
        foreach (var ids in batches)
        {
            await Task.Yield();
            yield return new SourceBatch
            {
                Resource = resource.Name,
                Columns = ["id"],
                ColumnTypes = [DataType.BigInt],
                Rows = ids.Select(id => new object?[] { id }).ToList(),
                PositionOf = i => $"row {i}",
                StateAfter = JsonSerializer.SerializeToElement(new { cursor = ids[^1] }),
                Bytes = ids.Length * 8,
            };
            AfterEachBatch?.Invoke();
        }
        if (failAfter is not null)
        {
            throw failAfter;
        }
    }
}
