using System.Text.Json;
using MlOps.Contracts;
using MlOps.Trainer.Services;

namespace MlOps.Trainer.Training;

/// <summary>
/// Which columns of a feature store training set a reference trains on and how: the feature service's columns by their served
/// type (int64, float64, bool as numbers; string as categories), other columns of the entity rows by their values.
/// </summary>
public static class TrainingSetPlan
{
    /// <summary>Checks the reference against the set's definition and first rows, refusing with the column named.</summary>
    public static TabularSpec For(Guid id, TrainingDataRef data, JsonElement definition, IReadOnlyList<JsonElement> firstRows)
    {
        var types = definition.TryGetProperty("featureTypes", out var t) && t.ValueKind == JsonValueKind.Object
            ? t.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal)
            : [];
        var served = Strings(definition, "featureColumns");
        var reserved = Strings(definition, "joinKeys").Append(definition.TryGetProperty("timestampColumn", out var ts) ? ts.GetString() : null)
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (!firstRows.Any(r => r.TryGetProperty(data.LabelColumn, out _)))
        {
            throw new TrainingDataUnavailableException($"Training set '{id}' has no column '{data.LabelColumn}' (the label).", "data.labelColumn");
        }
        if (reserved.Contains(data.LabelColumn) || served.Contains(data.LabelColumn))
        {
            throw new TrainingDataUnavailableException(
                $"'{data.LabelColumn}' is a join key, the timestamp or a served feature of training set '{id}', not a label.", "data.labelColumn");
        }
        // By default the feature service's columns a classifier can take (a timestamp feature is left out).
        var features = data.FeatureColumns.Count > 0 ? data.FeatureColumns : [.. served.Where(c => types.GetValueOrDefault(c) != "timestamp")];
        if (features.Count == 0)
        {
            throw new TrainingDataUnavailableException($"Training set '{id}' has no feature column to learn from.", "data.featureColumns");
        }
        var numeric = new List<string>();
        var text = new List<string>();
        foreach (var feature in features)
        {
            var kind = types.TryGetValue(feature, out var type) ? Served(type) : Observed(feature, firstRows);
            var problem = feature == data.LabelColumn ? $"'{feature}' is the label and cannot also be a feature."
                : reserved.Contains(feature) ? $"'{feature}' is a join key or the event timestamp of training set '{id}', not a feature."
                : numeric.Contains(feature) || text.Contains(feature) ? $"'{feature}' is listed twice."
                : kind is null && !types.ContainsKey(feature) && !firstRows.Any(r => r.TryGetProperty(feature, out _))
                    ? $"Training set '{id}' has no column '{feature}'."
                : kind is null ? $"Column '{feature}' is {type ?? "empty in the set's first rows"}: features must be numeric, boolean or text."
                : null;
            if (problem is not null)
            {
                throw new TrainingDataUnavailableException(problem, "data.featureColumns");
            }
            (kind == ColumnKind.Text ? text : numeric).Add(feature);
        }
        return new TabularSpec(numeric, text, data.LabelColumn);
    }

    private enum ColumnKind { Number, Text }

    private static ColumnKind? Served(string type) => type switch
    {
        "int64" or "float64" or "bool" => ColumnKind.Number,
        "string" => ColumnKind.Text,
        _ => null,
    };

    // A column of the entity rows: the kind of its first value that is not null.
    private static ColumnKind? Observed(string column, IReadOnlyList<JsonElement> rows) =>
        rows.Select(r => r.TryGetProperty(column, out var v) ? v.ValueKind : JsonValueKind.Undefined)
            .FirstOrDefault(k => k is not (JsonValueKind.Undefined or JsonValueKind.Null)) switch
        {
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => ColumnKind.Number,
            JsonValueKind.String => ColumnKind.Text,
            _ => null,
        };

    private static List<string> Strings(JsonElement definition, string property) =>
        definition.TryGetProperty(property, out var values) && values.ValueKind == JsonValueKind.Array
            ? [.. values.EnumerateArray().Select(v => v.GetString()).OfType<string>()]
            : [];
}
