using System.ComponentModel.DataAnnotations;
using MlOps.Contracts;

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
    Guid? TrainingSet = null) : IValidatableObject
{
    private const string NameTheData =
        "Name the warehouse table to train on by its dataset and table, or a feature store training set by its id (trainingSet).";

    /// <summary>The reference in the caller's tenant: the tenant never comes from the body (which Validate has passed).</summary>
    public TrainingDataRef ToRef(string tenant) => TrainingSet is { } set
        ? new TrainingDataRef { TenantId = tenant, TrainingSet = set, LabelColumn = LabelColumn, FeatureColumns = FeatureColumns ?? [] }
        : new TrainingDataRef
        {
            TenantId = tenant,
            Dataset = Dataset!,
            Table = Table!,
            Load = Load ?? TrainingDataRef.Latest,
            LabelColumn = LabelColumn,
            FeatureColumns = FeatureColumns ?? [],
        };

    // A training set stands for the whole warehouse reference: either one or the other, and a table needs its dataset.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TrainingSet is not null)
        {
            if (Dataset is not null || Table is not null || Load is not null)
            {
                yield return new("Name either a warehouse table (dataset, table, load) or a training set, not both.", [nameof(TrainingSet)]);
            }
            yield break;
        }
        if (Dataset is null)
        {
            yield return new(NameTheData, [nameof(Dataset)]);
        }
        if (Table is null)
        {
            yield return new(NameTheData, [nameof(Table)]);
        }
    }
}
