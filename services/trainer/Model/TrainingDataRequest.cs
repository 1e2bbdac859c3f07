using System.ComponentModel.DataAnnotations;
using MlOps.Contracts;
using MlOps.Trainer.Services;

namespace MlOps.Trainer.Model;

/// <summary>
/// Data to train on, in the caller's tenant: a warehouse table ingest loaded (one load or "latest"), or a feature store
/// training set by id; the label and features name its columns.
/// </summary>
public sealed record TrainingDataRequest(
    [StringLength(128, MinimumLength = 1)] string? Dataset,
    [StringLength(63, MinimumLength = 1)] string? Table,
    [StringLength(64, MinimumLength = 1)] string? Load,
    [Required, StringLength(63, MinimumLength = 1)] string LabelColumn,
    [MaxLength(1000)] IReadOnlyList<string>? FeatureColumns,
    Guid? TrainingSet = null)
{
    /// <summary>The reference in the caller's tenant: the tenant never comes from the body.</summary>
    /// <exception cref="TrainingDataUnavailableException">Neither or both of a table and a training set are named.</exception>
    public TrainingDataRef ToRef(string tenant)
    {
        if (TrainingSet is { } set)
        {
            return Dataset is null && Table is null && Load is null
                ? new TrainingDataRef { TenantId = tenant, TrainingSet = set, LabelColumn = LabelColumn, FeatureColumns = FeatureColumns ?? [] }
                : throw new TrainingDataUnavailableException("Name either a warehouse table (dataset, table, load) or a training set, not both.",
                    "data.trainingSet");
        }
        return new TrainingDataRef
        {
            TenantId = tenant,
            Dataset = Dataset ?? throw Missing("data.dataset"),
            Table = Table ?? throw Missing("data.table"),
            Load = Load ?? TrainingDataRef.Latest,
            LabelColumn = LabelColumn,
            FeatureColumns = FeatureColumns ?? [],
        };
    }

    private static TrainingDataUnavailableException Missing(string field) =>
        new("Name the warehouse table to train on by its dataset and table, or a feature store training set by its id (trainingSet).", field);
}
