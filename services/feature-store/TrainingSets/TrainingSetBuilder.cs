using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using MlOps.FeatureStore.Definitions;
using MlOps.FeatureStore.Warehouse;

namespace MlOps.FeatureStore.TrainingSets;

/// <summary>Builds a training set: checks the entity table, joins it point in time, stores it with its lineage.</summary>
public sealed class TrainingSetBuilder(FeatureResolver resolver, PointInTimeJoin join, EntityTableReader tables, TrainingSetStore store,
    IOptions<FeatureStoreOptions> options)
{
    /// <summary>A request AddValidation passed (TrainingSetRequest.Validate): its shape is sound; what it names may still be missing.</summary>
    /// <exception cref="WarehouseInputException">A field of the request is wrong (or the warehouse is unavailable).</exception>
    public async Task<TrainingSetResponse> BuildAsync(string tenant, string actor, TrainingSetRequest request, CancellationToken cancellationToken)
    {
        var timestampColumn = request.TimestampColumn ?? TrainingSetRequest.DefaultTimestampColumn;
        var service = await resolver.ServiceAsync(tenant, request.FeatureService!, cancellationToken)
            ?? throw new WarehouseInputException("featureService", $"The tenant has no feature service '{request.FeatureService}'.");
        var max = options.Value.MaxEntityRows;
        var rows = request.EntityRows?.Select(TrainingSetRequest.Row).ToList() ?? await tables.ReadAsync(tenant, request.EntityTable!, max, cancellationToken);
        if (rows.Count == 0 || rows.Count > max)
        {
            throw new WarehouseInputException(request.EntityRows is null ? "entityTable" : "entityRows",
                $"The entity table has {rows.Count} rows; a training set joins 1 to {max} ({FeatureStoreOptions.SectionName}:MaxEntityRows).");
        }
        var frame = EntityFrame.From(rows, request.EntityRows is null ? "entityTable" : "entityRows", timestampColumn, service.JoinKeys);
        await join.JoinAsync(tenant, service, frame, cancellationToken);
        return await store.CreateAsync(tenant, service.Name, service.Version, Lineage(service, timestampColumn, request.EntityTable), frame.Rows, actor,
            cancellationToken);
    }

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
