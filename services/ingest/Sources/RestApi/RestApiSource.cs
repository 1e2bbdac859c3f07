using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using MlOps.ServiceDefaults.Outbound;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>
/// dlt's rest_api source: reads every resource in dependency order (a child once per item of its parent, whose items are
/// kept in memory for that, at most MaxParentItems), yields each page's items as documents, and for incremental resources
/// the cursor's state.
/// </summary>
public sealed class RestApiSource(
    RestApiConfig config, SafeOutboundHttp http, RestApiOptions options, TimeProvider time, ILogger<RestApiSource> logger) : IPipelineSource
{
    private readonly RestHttp _http = new(http, options, time, logger);

    public RestApiConfig Config => config;

    public IReadOnlyList<ResourceHints> Resources { get; } = [.. config.Resources.Where(r => r.Selected).Select(r => r.Hints)];

    public async IAsyncEnumerable<SourceBatch> ReadAsync(SourceReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parents = config.Resources.Select(r => r.Parent).OfType<string>().ToHashSet();
        var kept = new Dictionary<string, List<JsonElement>>();
        foreach (var resource in config.Resources)
        {
            var cursor = resource.Endpoint.Incremental is { } spec
                ? new IncrementalCursor(spec, context.State.TryGetValue(resource.Name, out var state) ? state : null)
                : null;
            var reader = new RestResourceReader(resource, config.Client, _http, options, cursor, logger);
            var keep = parents.Contains(resource.Name) ? new List<JsonElement>() : null;
            IEnumerable<JsonElement?> parentItems = resource.Parent is { } parent ? [.. kept[parent].Select(i => (JsonElement?)i)] : [null];
            foreach (var parentItem in parentItems)
            {
                await foreach (var page in reader.ReadAsync(parentItem, cancellationToken))
                {
                    var (documents, positions, rejected) = Prepare(resource, page, parentItem, cursor);
                    keep?.AddRange(documents);
                    if (keep?.Count > options.MaxParentItems)
                    {
                        throw new SourceException($"REST resource '{resource.Name}': more than {options.MaxParentItems} items kept for its "
                            + $"child resources; raise {RestApiOptions.SectionName}:MaxParentItems or narrow the parent (params, incremental).");
                    }
                    if (!resource.Selected)
                    {
                        continue;
                    }
                    foreach (var batch in Batches(resource.Name, page, documents, positions, rejected, cursor, context.BatchRows))
                    {
                        yield return batch;
                    }
                }
            }
            if (keep is not null)
            {
                kept[resource.Name] = keep;
            }
        }
    }

    /// <summary>The page's objects that pass the incremental filter, with parent fields added; other items rejected.</summary>
    private static (List<JsonElement>, List<int>, List<RejectedRecord>) Prepare(
        RestResourceConfig resource, RestPage page, JsonElement? parent, IncrementalCursor? cursor)
    {
        var (documents, positions, rejected) = (new List<JsonElement>(), new List<int>(), new List<RejectedRecord>());
        for (var i = 0; i < page.Items.Count; i++)
        {
            var item = page.Items[i];
            if (item.ValueKind != JsonValueKind.Object)
            {
                rejected.Add(new RejectedRecord(page.Position(i), "the item is not a JSON object", item.GetRawText()));
                continue;
            }
            try
            {
                if (cursor is not null && !cursor.Accept(item))
                {
                    continue;
                }
            }
            catch (InvalidDataException e)
            {
                throw new SourceException($"REST resource '{resource.Name}': {page.Position(i)}: {e.Message}.");
            }
            documents.Add(parent is { } p && resource.IncludeFromParent.Count > 0 ? WithParent(resource, page, i, item, p) : item);
            positions.Add(i);
        }
        return (documents, positions, rejected);
    }

    private static JsonElement WithParent(RestResourceConfig resource, RestPage page, int index, JsonElement item, JsonElement parent)
    {
        var result = JsonNode.Parse(item.GetRawText())!.AsObject();
        foreach (var field in resource.IncludeFromParent)
        {
            if (!parent.TryGetProperty(field, out var value))
            {
                throw new SourceException($"REST resource '{resource.Name}': {page.Position(index)}: its parent item of "
                    + $"'{resource.Parent}' has no field '{field}' (include_from_parent).");
            }
            result[$"_{resource.Parent}_{field}"] = JsonNode.Parse(value.GetRawText());
        }
        return JsonSerializer.SerializeToElement(result);
    }

    private static IEnumerable<SourceBatch> Batches(string name, RestPage page, List<JsonElement> documents, List<int> positions,
        List<RejectedRecord> rejected, IncrementalCursor? cursor, int batchRows)
    {
        var state = cursor?.LastValue is not null ? cursor.State() : (JsonElement?)null;
        var size = Math.Max(1, batchRows);
        for (var start = 0; start == 0 || start < documents.Count; start += size)
        {
            var offset = start;
            var chunk = documents.Skip(start).Take(size).ToList();
            if (chunk.Count == 0 && (start > 0 || rejected.Count == 0))
            {
                yield break;
            }
            yield return new SourceBatch
            {
                Resource = name,
                Documents = chunk,
                PositionOf = i => page.Position(positions[offset + i]),
                Rejected = start == 0 ? rejected : [],
                StateAfter = state,
                Bytes = start == 0 ? page.Bytes : 0,
            };
        }
    }
}
