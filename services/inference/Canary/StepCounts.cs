namespace MlOps.Inference.Canary;

/// <summary>What was counted in a step (one replica's delta, or the sum over replicas): requests, errors, latency and score histograms, agreements.</summary>
public sealed record StepCounts(
    long ChallengerRequests, long ChallengerErrors, long ChampionRequests, long ChampionErrors, long Compared, long Agreed, long ShadowFailed,
    long[] ChallengerLatency, long[] ChampionLatency, long[] ChallengerScores, long[] ChampionScores)
{
    public static StepCounts Empty(int scoreBins) =>
        new(0, 0, 0, 0, 0, 0, 0, new long[LatencyBuckets.Count], new long[LatencyBuckets.Count], new long[scoreBins], new long[scoreBins]);

    public bool IsEmpty => ChallengerRequests == 0 && ChampionRequests == 0 && Compared == 0 && ShadowFailed == 0
        && ChallengerScores.All(c => c == 0) && ChampionScores.All(c => c == 0);

    public StepCounts Add(StepCounts other) => new(
        ChallengerRequests + other.ChallengerRequests, ChallengerErrors + other.ChallengerErrors, ChampionRequests + other.ChampionRequests,
        ChampionErrors + other.ChampionErrors, Compared + other.Compared, Agreed + other.Agreed, ShadowFailed + other.ShadowFailed,
        Sum(ChallengerLatency, other.ChallengerLatency), Sum(ChampionLatency, other.ChampionLatency),
        Sum(ChallengerScores, other.ChallengerScores), Sum(ChampionScores, other.ChampionScores));

    // Arrays of another layout (none today) are not added: the longer wins, so a sum never throws.
    private static long[] Sum(long[] a, long[] b)
    {
        if (a.Length != b.Length)
        {
            return a.Length >= b.Length ? a : b;
        }
        var sum = new long[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }
}
