namespace MlOps.Drift.Statistics.Selection;

/// <summary>One column's reference and current values, cleaned: numeric values sorted and finite, or categories.</summary>
public sealed record ColumnSample
{
    private ColumnSample(ColumnKind kind, double[]? sortedReference, double[]? sortedCurrent, string[]? referenceCategories, string[]? currentCategories)
    {
        Kind = kind;
        SortedReference = sortedReference ?? [];
        SortedCurrent = sortedCurrent ?? [];
        ReferenceCategories = referenceCategories ?? [];
        CurrentCategories = currentCategories ?? [];
    }

    /// <summary>Numeric or categorical.</summary>
    public ColumnKind Kind { get; }
    /// <summary>Ascending reference values (numeric columns).</summary>
    public double[] SortedReference { get; }
    /// <summary>Ascending current values (numeric columns).</summary>
    public double[] SortedCurrent { get; }
    /// <summary>Reference labels (categorical columns).</summary>
    public string[] ReferenceCategories { get; }
    /// <summary>Current labels (categorical columns).</summary>
    public string[] CurrentCategories { get; }

    /// <summary>Rows in the reference sample.</summary>
    public int ReferenceCount => Kind == ColumnKind.Numeric ? SortedReference.Length : ReferenceCategories.Length;
    /// <summary>Rows in the current sample.</summary>
    public int CurrentCount => Kind == ColumnKind.Numeric ? SortedCurrent.Length : CurrentCategories.Length;

    /// <summary>A numeric column; the arrays are sorted in place.</summary>
    public static ColumnSample Numeric(double[] reference, double[] current)
    {
        Array.Sort(reference);
        Array.Sort(current);
        return new ColumnSample(ColumnKind.Numeric, reference, current, null, null);
    }

    /// <summary>A categorical column.</summary>
    public static ColumnSample Categorical(string[] reference, string[] current) => new(ColumnKind.Categorical, null, null, reference, current);

    /// <summary>Distinct values over both samples, counting no further than <paramref name="stopAt"/>.</summary>
    public int DistinctValues(int stopAt)
    {
        if (Kind == ColumnKind.Categorical)
        {
            return ReferenceCategories.Concat(CurrentCategories).Distinct(StringComparer.Ordinal).Take(stopAt).Count();
        }
        var seen = new HashSet<double>();
        foreach (var v in SortedReference)
        {
            if (seen.Add(v) && seen.Count >= stopAt)
            {
                return stopAt;
            }
        }
        foreach (var v in SortedCurrent)
        {
            if (seen.Add(v) && seen.Count >= stopAt)
            {
                return stopAt;
            }
        }
        return seen.Count;
    }
}
