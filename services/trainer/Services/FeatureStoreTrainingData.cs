using System.Text.Json;
using Microsoft.Extensions.Options;
using MlOps.Contracts;
using MlOps.ServiceDefaults.Identity;
using MlOps.Trainer.Model;
using MlOps.Trainer.Training;

namespace MlOps.Trainer.Services;

/// <summary>
/// Reads a feature store training set (a TrainingDataRef naming one) page by page into columns, bounded by the same row
/// limits as warehouse data, and records the set, its feature service and its definition as the run's lineage.
/// </summary>
public sealed class FeatureStoreTrainingData(FeatureStoreClient client, IOptions<WarehouseOptions> options)
{
    public async Task<TrainingSet> ReadAsync(TrainingDataRef data, CallerIdentity? onBehalfOf, CancellationToken cancellationToken)
    {
        var id = data.TrainingSet ?? throw new ArgumentException("The reference names no training set.", nameof(data));
        var set = await client.GetAsync(data.TenantId, id, onBehalfOf, cancellationToken);
        var max = options.Value.MaxRows;
        if (set.GetProperty("rows").GetInt64() is var count && count > max)
        {
            throw new TrainingDataUnavailableException($"Training set '{id}' has {count} rows, more than the {max} a run reads " +
                $"({WarehouseOptions.SectionName}:MaxRows).", "data.trainingSet");
        }
        var definition = set.GetProperty("definition");
        var page = await client.RowsAsync(data.TenantId, id, 0, onBehalfOf, cancellationToken);
        var spec = TrainingSetPlan.For(id, data, definition, [.. page.GetProperty("rows").EnumerateArray()]);
        var rows = new TrainingSetRows(id, spec);
        while (true)
        {
            rows.Add(page.GetProperty("rows").EnumerateArray());
            if (page.GetProperty("next").ValueKind != JsonValueKind.Number)
            {
                break;
            }
            page = await client.RowsAsync(data.TenantId, id, page.GetProperty("next").GetInt32(), onBehalfOf, cancellationToken);
        }
        var tabular = rows.Build(options.Value.MinRows);
        var lineage = new TrainingSetLineage(id, set.GetProperty("featureService").GetString(), set.GetProperty("featureServiceVersion").GetInt32(),
            definition.Clone());
        return new TrainingSet(new TrainingDataLineage(null, null, null, null, data.LabelColumn, [.. spec.Features], tabular.Rows, lineage), tabular);
    }
}
