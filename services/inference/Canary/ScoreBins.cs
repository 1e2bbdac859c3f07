namespace MlOps.Inference.Canary;

/// <summary>The prediction histogram's bins: fixed edges for a rollout (the champion's score deciles when it has a history).</summary>
public static class ScoreBins
{
    /// <summary>Ten equal bins over 0-1 (probabilities), with open bins below and above, when the champion has no logged scores yet.</summary>
    public static double[] Default { get; } = [.. Enumerable.Range(0, 11).Select(i => i / 10.0)];

    /// <summary>The deciles of the champion's recent scores as edges, or <see cref="Default"/> when there are too few distinct ones.</summary>
    public static double[] FromSample(IReadOnlyList<double> scores)
    {
        var sorted = scores.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length < 100)
        {
            return Default;
        }
        var edges = Enumerable.Range(1, 9).Select(i => sorted[(int)((long)i * (sorted.Length - 1) / 10)]).Distinct().ToArray();
        return edges.Length < 3 ? Default : edges;
    }

    /// <summary>A value's bin: the number of edges at or below it (edges.Length + 1 bins).</summary>
    public static int IndexOf(double[] edges, double value)
    {
        var found = Array.BinarySearch(edges, value);
        return found >= 0 ? found + 1 : ~found;
    }
}
