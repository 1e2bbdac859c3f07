namespace MlOps.Guardrails.Training;

/// <summary>
/// Thresholds chosen for a stated false-positive rate on out-of-fold scores: the lowest threshold (0.01 steps) that flags
/// at most the rate of each calibration family separately, so a large family cannot hide a small one.
/// </summary>
public static class Calibration
{
    /// <summary>The lowest threshold whose out-of-fold false-positive rate is at most <paramref name="rate"/> on every listed family.</summary>
    public static double AtFalsePositiveRate(IReadOnlyList<double> scores, IReadOnlyList<string> families, IReadOnlyCollection<string> calibrate, double rate)
    {
        for (var step = 1; step < 100; step++)
        {
            var threshold = step / 100.0;
            if (calibrate.All(f => FalsePositiveRate(scores, families, f, s => s >= threshold) <= rate))
            {
                return threshold;
            }
        }
        return 0.99;
    }

    /// <summary>The share of a family's rows the decision flags.</summary>
    public static double FalsePositiveRate(IReadOnlyList<double> scores, IReadOnlyList<string> families, string family, Func<double, bool> flagged)
    {
        int n = 0, k = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            if (families[i] == family)
            {
                n++;
                k += flagged(scores[i]) ? 1 : 0;
            }
        }
        return n == 0 ? 0 : (double)k / n;
    }

    /// <summary>
    /// A cascade's out-of-fold settings: stage 1 flags at or above <c>Flag</c> and clears below <c>Clear</c> (below
    /// <c>ClearLong</c> for texts longer than the MiniLM window), stage 2 decides between at <c>Second</c>; <c>Band</c>
    /// training texts and <c>LongBand</c> of the long (padded) ones fall between.
    /// </summary>
    public sealed record CascadeChoice(double Flag, double Clear, double ClearLong, double Second, int Caught, int Positives, int Band, int LongBand);

    /// <summary>
    /// Searches stage 1's flag bound (grid of 0.05); for each, the lowest clear bound for long texts (grid of 0.02) whose
    /// band holds at most <paramref name="maxLongShare"/> of the long texts' out-of-fold stage-1 scores
    /// <paramref name="firstLong"/> (the latency bound: those texts pay the MiniLM stage), then every clear bound for the
    /// others (grid of 0.02) with the lowest stage-2 threshold that keeps the cascade's out-of-fold false-positive rate at
    /// most <paramref name="rate"/> on every calibration family; keeps the highest out-of-fold recall, then the fewest
    /// texts sent to stage 2.
    /// </summary>
    public static CascadeChoice Cascade(IReadOnlyList<double> first, IReadOnlyList<double> second, IReadOnlyList<bool> labels, IReadOnlyList<bool> isLong,
        IReadOnlyList<string> families, IReadOnlyCollection<string> calibrate, double rate, IReadOnlyList<double> firstLong, double maxLongShare)
    {
        var positives = labels.Count(l => l);
        CascadeChoice? best = null;
        for (var flagStep = 6; flagStep < 20; flagStep++)
        {
            var flag = flagStep * 0.05;
            var clearLong = Enumerable.Range(1, 19).Select(step => step * 0.02).Where(c => c < flag)
                .Append(flag).First(c => firstLong.Count(p => p >= c && p < flag) <= maxLongShare * firstLong.Count);
            var longBand = firstLong.Count(p => p >= clearLong && p < flag);
            for (var clearStep = 1; clearStep < 20 && clearStep * 0.02 < flag; clearStep++)
            {
                var clear = clearStep * 0.02;
                bool InBand(int i) => first[i] >= (isLong[i] ? clearLong : clear) && first[i] < flag;
                var decided = Enumerable.Range(0, first.Count).Select(i => first[i] >= flag ? 1.0 : InBand(i) ? second[i] : 0.0).ToList();
                var threshold = AtFalsePositiveRate(decided, families, calibrate, rate);
                if (calibrate.Any(f => FalsePositiveRate(decided, families, f, s => s >= threshold) > rate))
                {
                    continue;
                }
                var caught = Enumerable.Range(0, labels.Count).Count(i => labels[i] && decided[i] >= threshold);
                var band = Enumerable.Range(0, first.Count).Count(InBand);
                if (best is null || caught > best.Caught || (caught == best.Caught && band < best.Band))
                {
                    best = new CascadeChoice(Math.Round(flag, 2), Math.Round(clear, 2), Math.Round(clearLong, 2), threshold, caught, positives, band, longBand);
                }
            }
        }
        return best ?? throw new InvalidOperationException("No cascade meets the false-positive rate.");
    }
}
