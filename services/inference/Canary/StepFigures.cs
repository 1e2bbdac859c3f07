using MlOps.Drift.Statistics;

namespace MlOps.Inference.Canary;

/// <summary>The measured figures of a step, merged over every replica's counts.</summary>
public sealed record StepFigures(
    long Requests, long Errors, double? ErrorRate, double? P99Milliseconds, long ChampionRequests, double? ChampionP99Milliseconds,
    long Compared, double? Agreement, double? PredictionPsi, long ChallengerScores, long ChampionScores, long ShadowFailed)
{
    public static StepFigures From(StepCounts counts)
    {
        var challengerScores = counts.ChallengerScores.Sum();
        var championScores = counts.ChampionScores.Sum();
        return new StepFigures(
            counts.ChallengerRequests, counts.ChallengerErrors,
            counts.ChallengerRequests == 0 ? null : (double)counts.ChallengerErrors / counts.ChallengerRequests,
            LatencyBuckets.QuantileMilliseconds(counts.ChallengerLatency, 0.99),
            counts.ChampionRequests, LatencyBuckets.QuantileMilliseconds(counts.ChampionLatency, 0.99),
            counts.Compared, counts.Compared == 0 ? null : (double)counts.Agreed / counts.Compared,
            challengerScores == 0 || championScores == 0
                ? null
                : Divergences.PopulationStabilityIndex(Shares(counts.ChampionScores, championScores), Shares(counts.ChallengerScores, challengerScores)),
            challengerScores, championScores, counts.ShadowFailed);
    }

    private static double[] Shares(long[] counts, long total) => Array.ConvertAll(counts, c => (double)c / total);
}
