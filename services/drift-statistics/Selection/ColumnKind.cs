namespace MlOps.Drift.Statistics.Selection;

/// <summary>How a column's values are compared.</summary>
public enum ColumnKind
{
    /// <summary>Numbers: CDF-based tests and histogram bins.</summary>
    Numeric,
    /// <summary>Labels: counts per category.</summary>
    Categorical,
}
