namespace MlOps.Contracts;

/// <summary>
/// Names training data everywhere: a table ingest loaded into the warehouse (schema <see cref="WarehouseNames.Schema"/>),
/// the rows of one load or the whole table as it is now, and the columns a model learns from; or a feature store's
/// point-in-time training set (<see cref="TrainingSet"/>), whose columns the label and features then name.
/// </summary>
public sealed record TrainingDataRef
{
    /// <summary>The tenant that owns the dataset.</summary>
    public required string TenantId { get; init; }
    /// <summary>The dataset (a pipeline's `dataset`); empty for a training set.</summary>
    public string Dataset { get; init; } = "";
    /// <summary>The table in the dataset, as ingest named it (snake_case); empty for a training set.</summary>
    public string Table { get; init; } = "";
    /// <summary>A feature store training set (its id) to train on instead of a warehouse table; null for a table.</summary>
    public Guid? TrainingSet { get; init; }
    /// <summary>A load id (the rows that load wrote) or "latest" (the table as it is).</summary>
    public string Load { get; init; } = Latest;
    /// <summary>The column the model predicts (empty where not chosen yet, as in DatasetLoaded).</summary>
    public required string LabelColumn { get; init; }
    /// <summary>Feature columns; empty for every column but the label and the `_dlt_` ones.</summary>
    public IReadOnlyList<string> FeatureColumns { get; init; } = [];

    /// <summary>The whole table as it is now.</summary>
    public const string Latest = "latest";
}
