namespace MlOps.Drift.Monitoring;

/// <summary>
/// A uniform sample of a window's rows, row-aligned across features, by reservoir sampling (Algorithm R): memory is
/// capacity × columns whatever the window size, and every row has the same chance to be kept. Exact counts of rows and
/// missing values are kept besides.
/// </summary>
public sealed class WindowSample(int capacity, int seed)
{
    private readonly Random _random = new(seed);
    private readonly Dictionary<string, double[]> _numeric = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?[]> _categorical = new(StringComparer.Ordinal);
    private readonly double[] _predictions = new double[capacity];

    /// <summary>Rows seen in the whole window.</summary>
    public long Rows { get; private set; }

    /// <summary>Rows held in the sample.</summary>
    public int SampledRows => (int)Math.Min(Rows, capacity);

    /// <summary>Missing (null or non-finite) values per column over the whole window.</summary>
    public Dictionary<string, long> Missing { get; } = new(StringComparer.Ordinal);

    public IEnumerable<string> NumericColumns => _numeric.Keys;

    public IEnumerable<string> CategoricalColumns => _categorical.Keys;

    public void Add(WindowBatch batch)
    {
        for (var row = 0; row < batch.Rows; row++)
        {
            var slot = Rows < capacity ? (int)Rows : _random.NextInt64(Rows + 1) is var j && j < capacity ? (int)j : -1;
            foreach (var (name, values) in batch.Features)
            {
                var value = values[row];
                if (value is null || !double.IsFinite(value.Value))
                {
                    Missing[name] = Missing.GetValueOrDefault(name) + 1;
                }
                if (slot >= 0)
                {
                    Column(_numeric, name, double.NaN)[slot] = value ?? double.NaN;
                }
            }
            foreach (var (name, values) in batch.Categories)
            {
                if (string.IsNullOrEmpty(values[row]))
                {
                    Missing[name] = Missing.GetValueOrDefault(name) + 1;
                }
                if (slot >= 0)
                {
                    Column(_categorical, name, null)[slot] = values[row];
                }
            }
            if (slot >= 0)
            {
                _predictions[slot] = batch.Predictions[row] ?? double.NaN;
            }
            Rows++;
        }
    }

    /// <summary>The sampled finite values of a numeric column.</summary>
    public double[] Numeric(string name) => [.. _numeric[name].Take(SampledRows).Where(double.IsFinite)];

    /// <summary>The sampled non-empty labels of a categorical column.</summary>
    public string[] Categorical(string name) => _categorical[name].Take(SampledRows).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToArray();

    /// <summary>The sampled finite prediction scores.</summary>
    public double[] Predictions() => _predictions.Take(SampledRows).Where(double.IsFinite).ToArray();

    private T[] Column<T>(Dictionary<string, T[]> columns, string name, T missing)
    {
        if (!columns.TryGetValue(name, out var column))
        {
            // A column first seen mid-window is missing in the rows sampled before it.
            column = new T[capacity];
            Array.Fill(column, missing);
            columns[name] = column;
        }
        return column;
    }
}
