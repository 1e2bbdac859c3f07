namespace MlOps.Drift.Statistics;

/// <summary>Mean and population standard deviation the way numpy computes them (two passes).</summary>
public static class Moments
{
    /// <summary>Arithmetic mean.</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }
        return sum / values.Length;
    }

    /// <summary>numpy.std(values, ddof=0).</summary>
    public static double PopulationStandardDeviation(ReadOnlySpan<double> values)
    {
        var mean = Mean(values);
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += (v - mean) * (v - mean);
        }
        return Math.Sqrt(sum / values.Length);
    }
}
