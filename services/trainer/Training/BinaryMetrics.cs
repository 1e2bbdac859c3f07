namespace MlOps.Trainer.Training;

/// <summary>
/// The figures the champion comparison records for a set of rows, computed the same way for both models from their
/// probabilities: ROC AUC (the Mann-Whitney statistic, ties counted half), log-loss in nats and accuracy at 0.5.
/// </summary>
public static class BinaryMetrics
{
    /// <summary>The metrics, or an empty set when the rows hold only one class (AUC is undefined).</summary>
    public static IReadOnlyDictionary<string, double> Compute(IReadOnlyList<float> probabilities, IReadOnlyList<bool> labels)
    {
        var positives = labels.Count(l => l);
        if (positives == 0 || positives == labels.Count)
        {
            return new Dictionary<string, double>();
        }
        return new Dictionary<string, double>
        {
            ["auc"] = Auc(probabilities, labels, positives),
            ["log_loss"] = LogLoss(probabilities, labels),
            ["accuracy"] = labels.Where((label, i) => probabilities[i] >= 0.5f == label).Count() / (double)labels.Count,
        };
    }

    // The share of (positive, negative) pairs the positive scores higher, from the ranks (average rank for ties).
    private static double Auc(IReadOnlyList<float> probabilities, IReadOnlyList<bool> labels, int positives)
    {
        var order = Enumerable.Range(0, labels.Count).OrderBy(i => probabilities[i]).ToArray();
        var positiveRankSum = 0d;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && probabilities[order[end + 1]] == probabilities[order[start]])
            {
                end++;
            }
            var rank = (start + end) / 2d + 1;
            for (var k = start; k <= end; k++)
            {
                positiveRankSum += labels[order[k]] ? rank : 0;
            }
            start = end + 1;
        }
        var negatives = (double)(labels.Count - positives);
        return (positiveRankSum - positives * (positives + 1) / 2d) / (positives * negatives);
    }

    private static double LogLoss(IReadOnlyList<float> probabilities, IReadOnlyList<bool> labels)
    {
        const double Epsilon = 1e-15;
        var total = 0d;
        for (var i = 0; i < labels.Count; i++)
        {
            var p = Math.Clamp(probabilities[i], Epsilon, 1 - Epsilon);
            total -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
        }
        return total / labels.Count;
    }
}
