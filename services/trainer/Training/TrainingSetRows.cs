using System.Globalization;
using System.Text.Json;
using MlOps.Trainer.Services;

namespace MlOps.Trainer.Training;

/// <summary>
/// Gathers a training set's rows, page by page, into columns: numbers and booleans as floats (null as missing), text as
/// categories, a 0/1 or true/false label. Only the planned columns are kept, so a page's JSON is dropped once read.
/// </summary>
public sealed class TrainingSetRows(Guid id, TabularSpec spec)
{
    private readonly List<float>[] _numeric = [.. spec.NumericFeatures.Select(_ => new List<float>())];
    private readonly List<string>[] _text = [.. spec.CategoricalFeatures.Select(_ => new List<string>())];
    private readonly List<bool> _label = [];

    public void Add(IEnumerable<JsonElement> rows)
    {
        foreach (var row in rows)
        {
            for (var i = 0; i < _numeric.Length; i++)
            {
                _numeric[i].Add(Number(row, spec.NumericFeatures[i]));
            }
            for (var i = 0; i < _text.Length; i++)
            {
                _text[i].Add(row.TryGetProperty(spec.CategoricalFeatures[i], out var v) ? v.ValueKind switch
                {
                    JsonValueKind.String => v.GetString()!,
                    JsonValueKind.Null => "",
                    _ => v.GetRawText(),
                } : "");
            }
            _label.Add(Label(row));
        }
    }

    /// <summary>The columns, once the set has enough rows of both classes to train and score on.</summary>
    public TabularData Build(int minRows)
    {
        if (_label.Count < minRows)
        {
            throw new TrainingDataUnavailableException($"Training set '{id}' has {_label.Count} rows; a run needs at least {minRows} " +
                $"({WarehouseOptions.SectionName}:MinRows).", "data.trainingSet");
        }
        if (_label.All(l => l) || !_label.Any(l => l))
        {
            throw new TrainingDataUnavailableException($"Label column '{spec.Label}' has only {(_label[0] ? "true (1)" : "false (0)")} values: " +
                "a binary classifier needs both classes.", "data.labelColumn");
        }
        return new TabularData
        {
            Spec = spec,
            Numeric = spec.NumericFeatures.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => _numeric[p.i].ToArray()),
            Categorical = spec.CategoricalFeatures.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => _text[p.i].ToArray()),
            Label = [.. _label],
        };
    }

    private float Number(JsonElement row, string column)
    {
        if (!row.TryGetProperty(column, out var value))
        {
            return float.NaN;
        }
        return value.ValueKind switch
        {
            JsonValueKind.Number => (float)value.GetDouble(),
            JsonValueKind.True => 1,
            JsonValueKind.False => 0,
            JsonValueKind.Null => float.NaN,
            _ => throw new TrainingDataUnavailableException(
                $"Column '{column}' of training set '{id}' is numeric but row {_label.Count} has {value.GetRawText()}.", "data.featureColumns"),
        };
    }

    private bool Label(JsonElement row)
    {
        var value = row.TryGetProperty(spec.Label, out var v) ? v : default;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when value.GetDouble() is 0 or 1 => value.GetDouble() == 1,
            JsonValueKind.Undefined or JsonValueKind.Null => throw new TrainingDataUnavailableException(
                $"Label column '{spec.Label}' of training set '{id}' has empty values.", "data.labelColumn"),
            _ => throw new TrainingDataUnavailableException(string.Create(CultureInfo.InvariantCulture,
                $"Label column '{spec.Label}' has the value {value.GetRawText()}: a binary label must be 0 or 1 (or true or false)."), "data.labelColumn"),
        };
    }
}
