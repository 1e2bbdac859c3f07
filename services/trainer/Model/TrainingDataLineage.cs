using MlOps.Contracts;

namespace MlOps.Trainer.Model;

/// <summary>
/// The warehouse data a run trained on: the reference as asked (Load may be "latest"), the newest committed load it
/// resolved to, the feature columns actually used and the row count. Recorded on the run and in the version's params.
/// </summary>
public sealed record TrainingDataLineage(string Dataset, string Table, string Load, string? ResolvedLoad, string LabelColumn,
    IReadOnlyList<string> FeatureColumns, int? Rows)
{
    /// <summary>The registry version param that holds this lineage as JSON.</summary>
    public const string ParamName = "training_data";

    public static TrainingDataLineage Requested(TrainingDataRef data) =>
        new(data.Dataset, data.Table, data.Load, null, data.LabelColumn, data.FeatureColumns, null);

    /// <summary>The same data for a retrain in the tenant: "latest" stays latest (new loads count), a pinned load stays pinned.</summary>
    public TrainingDataRef ToRef(string tenant) => new()
    {
        TenantId = tenant, Dataset = Dataset, Table = Table, Load = Load, LabelColumn = LabelColumn, FeatureColumns = FeatureColumns,
    };
}
