using MlOps.Contracts;
using MlOps.Trainer.Services;

namespace MlOps.Trainer.Training;

/// <summary>Which columns of a warehouse table a reference trains on and how: numbers and booleans as floats, text as categories.</summary>
public sealed record WarehousePlan(TabularSpec Spec, bool BooleanLabel)
{
    private static readonly HashSet<string> NumericTypes = ["bigint", "integer", "smallint", "double precision", "real", "numeric", "boolean"];
    private static readonly HashSet<string> TextTypes = ["text", "character varying", "character"];

    /// <summary>Checks the reference against the table's columns (name to PostgreSQL data_type), refusing with the column named.</summary>
    public static WarehousePlan For(TrainingDataRef data, IReadOnlyDictionary<string, string> columns)
    {
        if (!columns.TryGetValue(data.LabelColumn, out var labelType))
        {
            throw new TrainingDataUnavailableException(
                $"Table '{data.Table}' has no column '{data.LabelColumn}' (the label).", "data.labelColumn");
        }
        if (!NumericTypes.Contains(labelType) || IsDlt(data.LabelColumn))
        {
            throw new TrainingDataUnavailableException(
                $"Label column '{data.LabelColumn}' is {labelType}: the trainer trains a binary classifier, the label must be boolean or 0/1.",
                "data.labelColumn");
        }
        var features = data.FeatureColumns.Count > 0
            ? data.FeatureColumns
            : [.. columns.Keys.Where(c => c != data.LabelColumn && !IsDlt(c))];
        if (features.Count == 0)
        {
            throw new TrainingDataUnavailableException($"Table '{data.Table}' has no column to learn from besides the label.", "data.featureColumns");
        }
        var numeric = new List<string>();
        var text = new List<string>();
        foreach (var feature in features)
        {
            var type = columns.GetValueOrDefault(feature);
            var problem = feature == data.LabelColumn ? $"'{feature}' is the label and cannot also be a feature."
                : IsDlt(feature) ? $"'{feature}' is ingest's bookkeeping, not data."
                : numeric.Contains(feature) || text.Contains(feature) ? $"'{feature}' is listed twice."
                : type is null ? $"Table '{data.Table}' has no column '{feature}'."
                : !NumericTypes.Contains(type) && !TextTypes.Contains(type)
                    ? $"Column '{feature}' is {type}: features must be numeric, boolean or text (leave it out of featureColumns)."
                : null;
            if (problem is not null)
            {
                throw new TrainingDataUnavailableException(problem, "data.featureColumns");
            }
            (TextTypes.Contains(type!) ? text : numeric).Add(feature);
        }
        return new WarehousePlan(new TabularSpec(numeric, text, data.LabelColumn), labelType == "boolean");
    }

    public static bool IsDlt(string column) => column.StartsWith("_dlt_", StringComparison.Ordinal);
}
