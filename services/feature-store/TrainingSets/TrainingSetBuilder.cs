using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using MlOps.FeatureStore.Definitions;
using MlOps.FeatureStore.Warehouse;

namespace MlOps.FeatureStore.TrainingSets;

/// <summary>
/// Builds a training set: checks the entity table, joins it point in time and stores it with its lineage, a batch of rows at
/// a time (read, joined, written), so memory holds one batch whatever the table's size. The warehouse is read in one
/// repeatable-read snapshot and the set written in one transaction: a failed build leaves nothing.
/// </summary>
public sealed class TrainingSetBuilder(FeatureResolver resolver, WarehouseCatalog catalog, TrainingSetStore store, IOptions<FeatureStoreOptions> options)
{
    /// <summary>A request AddValidation passed (TrainingSetRequest.Validate): its shape is sound; what it names may still be missing.</summary>
    /// <exception cref="WarehouseInputException">A field of the request is wrong (or the warehouse is unavailable).</exception>
    public async Task<TrainingSetResponse> BuildAsync(string tenant, string actor, TrainingSetRequest request, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxEntityRows;
        var source = request.EntityRows is null ? "entityTable" : "entityRows";
        var timestampColumn = request.TimestampColumn ?? TrainingSetRequest.DefaultTimestampColumn;
        var service = await resolver.ServiceAsync(tenant, request.FeatureService!, cancellationToken)
            ?? throw new WarehouseInputException("featureService", $"The tenant has no feature service '{request.FeatureService}'.");
        var (connection, transaction) = await catalog.BeginReadAsync(tenant, cancellationToken);
        await using (connection)
        await using (transaction)
        {
            var views = await PointInTimeJoin.TablesAsync(connection, tenant, service, cancellationToken);
            await using var writer = await store.BeginAsync(tenant, service.Name, service.Version, Lineage(service, timestampColumn, request.EntityTable), actor,
                cancellationToken);
            var batches = request.EntityRows is { } rows
                ? Batches(rows, options.Value.TrainingSetBatchRows)
                : EntityTableReader.ReadAsync(connection, transaction, tenant, request.EntityTable!, max, options.Value.TrainingSetBatchRows, cancellationToken);
            await foreach (var batch in batches.WithCancellation(cancellationToken))
            {
                var frame = EntityFrame.From(batch, source, writer.Rows, timestampColumn, service.JoinKeys);
                await PointInTimeJoin.JoinAsync(connection, transaction, views, service, frame, cancellationToken);
                await writer.WriteAsync(frame.Rows, cancellationToken);
            }
            if (writer.Rows == 0)
            {
                throw new WarehouseInputException(source, $"The entity table has 0 rows; a training set joins 1 to {max} ({FeatureStoreOptions.SectionName}:MaxEntityRows).");
            }
            await writer.CommitAsync(cancellationToken);
            return (await store.GetAsync(tenant, writer.Id, cancellationToken))!;
        }
    }

    private static IAsyncEnumerable<List<JsonObject?>> Batches(IReadOnlyList<System.Text.Json.JsonElement> rows, int batchRows) =>
        rows.Chunk(batchRows).Select(chunk => chunk.Select(TrainingSetRequest.Row).ToList()).ToAsyncEnumerable();

    private static JsonObject Lineage(ResolvedService service, string timestampColumn, EntityTableRef? table) => new()
    {
        ["timestampColumn"] = timestampColumn,
        ["joinKeys"] = new JsonArray([.. service.JoinKeys.Select(k => JsonValue.Create(k))]),
        ["featureColumns"] = new JsonArray([.. service.Columns.Select(c => JsonValue.Create(c))]),
        // The served type of each feature column: what a trainer reads them as (numbers, categories) and drift compares.
        ["featureTypes"] = new JsonObject(service.Views.SelectMany(v => v.Features
            .Select(f => KeyValuePair.Create(v.Column(f), (JsonNode?)JsonValue.Create(f.Type))))),
        ["entityTable"] = table is null ? null : new JsonObject { ["dataset"] = table.Dataset, ["table"] = table.Table },
        ["views"] = new JsonArray([.. service.Views.Select(v => new JsonObject
        {
            ["name"] = v.Name,
            ["version"] = v.Version,
            ["dataset"] = v.View.Dataset,
            ["table"] = v.View.Table,
            ["ttlSeconds"] = v.View.TtlSeconds,
        })]),
    };
}
