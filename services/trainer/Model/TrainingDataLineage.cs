using System.Text.Json.Serialization;
using MlOps.Contracts;

namespace MlOps.Trainer.Model;

/// <summary>
/// The data a run trained on: the warehouse reference as asked (Load may be "latest"), the newest committed load it resolved
/// to, the feature columns actually used and the row count; or, for a feature store training set, the set (Dataset, Table and
/// Load null). Recorded on the run and in the version's params.
/// </summary>
public sealed record TrainingDataLineage(string? Dataset, string? Table, string? Load, string? ResolvedLoad, string LabelColumn,
    IReadOnlyList<string> FeatureColumns, int? Rows,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TrainingSetLineage? TrainingSet = null)
{
    /// <summary>The registry version param that holds this lineage as JSON.</summary>
    public const string ParamName = "training_data";

    public static TrainingDataLineage Requested(TrainingDataRef data) => data.TrainingSet is { } set
        ? new(null, null, null, null, data.LabelColumn, data.FeatureColumns, null, new TrainingSetLineage(set))
        : new(data.Dataset, data.Table, data.Load, null, data.LabelColumn, data.FeatureColumns, null);

    /// <summary>
    /// The same data for a retrain in the tenant: "latest" stays latest (new loads count), a pinned load stays pinned, a training
    /// set stays that set (a set is a snapshot: new data means building a new set).
    /// </summary>
    public TrainingDataRef ToRef(string tenant) => TrainingSet is { } set
        ? new() { TenantId = tenant, TrainingSet = set.Id, LabelColumn = LabelColumn, FeatureColumns = FeatureColumns }
        : new() { TenantId = tenant, Dataset = Dataset!, Table = Table!, Load = Load!, LabelColumn = LabelColumn, FeatureColumns = FeatureColumns };
}
