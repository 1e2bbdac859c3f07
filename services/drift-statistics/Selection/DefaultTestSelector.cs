namespace MlOps.Drift.Statistics.Selection;

/// <summary>Evidently's default test per column, chosen from the reference size and the number of distinct values.</summary>
public static class DefaultTestSelector
{
    /// <summary>Reference samples up to this size get hypothesis tests; larger ones get distances, which do not flag every tiny shift.</summary>
    public const int SmallReferenceRows = 1_000;

    /// <summary>Numeric columns with more distinct values than this are compared as continuous.</summary>
    public const int ContinuousMinDistinct = 5;

    /// <summary>The default test for a column.</summary>
    public static StatTest Select(ColumnSample column)
    {
        var distinct = column.DistinctValues(ContinuousMinDistinct + 1);
        var continuous = column.Kind == ColumnKind.Numeric && distinct > ContinuousMinDistinct;
        if (column.ReferenceCount <= SmallReferenceRows)
        {
            return continuous ? StatTest.KolmogorovSmirnov : distinct > 2 ? StatTest.ChiSquare : StatTest.ProportionZ;
        }
        return continuous ? StatTest.WassersteinNormed : StatTest.JensenShannon;
    }
}
