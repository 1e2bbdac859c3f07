using nietras.SeparatedValues;

namespace MlOps.Trainer.Training;

/// <summary>A tabular dataset held as columns: float features, string categories and a boolean label.</summary>
public sealed class TabularData
{
    public required TabularSpec Spec { get; init; }
    public required IReadOnlyDictionary<string, float[]> Numeric { get; init; }
    public required IReadOnlyDictionary<string, string[]> Categorical { get; init; }
    public required bool[] Label { get; init; }
    /// <summary>The warehouse load each row came from (null for a CSV): what the drifted window is cut by.</summary>
    public IReadOnlyList<string>? LoadIds { get; init; }

    public int Rows => Label.Length;

    /// <summary>Reads a CSV with a header row; every spec column must be present (other columns are ignored).</summary>
    public static TabularData ReadCsv(Stream csv, TabularSpec spec)
    {
        using var reader = Sep.Reader(o => o with { Sep = new Sep(','), Unescape = true }).From(csv);
        var missing = spec.Features.Append(spec.Label).Where(c => !reader.Header.TryIndexOf(c, out _)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"The dataset has no column(s) {string.Join(", ", missing)}.");
        }
        var numeric = spec.NumericFeatures.ToDictionary(c => c, _ => new List<float>());
        var categorical = spec.CategoricalFeatures.ToDictionary(c => c, _ => new List<string>());
        var label = new List<bool>();
        foreach (var row in reader)
        {
            foreach (var (column, values) in numeric)
            {
                values.Add(row[column].TryParse<float>() ?? float.NaN);
            }
            foreach (var (column, values) in categorical)
            {
                values.Add(row[column].ToString());
            }
            label.Add(row[spec.Label].Span is "1" or "true" or "True");
        }
        return new TabularData
        {
            Spec = spec,
            Numeric = numeric.ToDictionary(p => p.Key, p => p.Value.ToArray()),
            Categorical = categorical.ToDictionary(p => p.Key, p => p.Value.ToArray()),
            Label = [.. label],
        };
    }

    /// <summary>The header of the row-number column <see cref="WriteCsv"/> writes last, which the trainer reads back to know the held-out rows.</summary>
    public const string RowColumn = "_row";

    /// <summary>
    /// Writes the spec's columns (features, then the label as true/false, then the row number) as CSV, the layout ML.NET's
    /// loader reads.
    /// </summary>
    public void WriteCsv(string path)
    {
        using var writer = Sep.New(',').Writer(o => o with { Escape = true }).ToFile(path);
        for (var i = 0; i < Rows; i++)
        {
            using var row = writer.NewRow();
            foreach (var column in Spec.NumericFeatures)
            {
                row[column].Format(Numeric[column][i]);
            }
            foreach (var column in Spec.CategoricalFeatures)
            {
                row[column].Set(Categorical[column][i]);
            }
            row[Spec.Label].Set(Label[i] ? "true" : "false");
            row[RowColumn].Format(i);
        }
    }
}
