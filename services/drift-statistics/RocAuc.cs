namespace MlOps.Drift.Statistics;

/// <summary>Area under the ROC curve by the rank-sum (Mann–Whitney) formula, ties counted as half.</summary>
public static class RocAuc
{
    /// <summary>AUC of scores against boolean labels; 0.5 when one class is missing.</summary>
    public static double FromScores(double[] scores, bool[] positives)
    {
        var order = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        double positiveRankSum = 0;
        long positiveCount = 0;
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }
            var averageRank = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++)
            {
                if (positives[order[k]])
                {
                    positiveRankSum += averageRank;
                    positiveCount++;
                }
            }
            i = j + 1;
        }
        var negativeCount = scores.Length - positiveCount;
        if (positiveCount == 0 || negativeCount == 0)
        {
            return 0.5;
        }
        return (positiveRankSum - positiveCount * (positiveCount + 1) / 2.0) / (positiveCount * (double)negativeCount);
    }
}
