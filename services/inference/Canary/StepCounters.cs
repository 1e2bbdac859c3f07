using MlOps.Inference.Logging;

namespace MlOps.Inference.Canary;

/// <summary>
/// This replica's live counts for the active step of a model's rollout, on the request path: a fixed set of interlocked
/// counters and histograms (bounded, whatever the traffic), read and reset as a delta by each flush.
/// </summary>
public sealed class StepCounters(Guid rolloutId, int step, int challengerVersion, double[] scoreEdges, double agreementTolerance)
{
    private const int ChallengerRequests = 0, ChallengerErrors = 1, ChampionRequests = 2, ChampionErrors = 3, Compared = 4, Agreed = 5, ShadowFailed = 6;

    private readonly long[] _totals = new long[7];
    private readonly long[] _challengerLatency = new long[LatencyBuckets.Count];
    private readonly long[] _championLatency = new long[LatencyBuckets.Count];
    private readonly long[] _challengerScores = new long[scoreEdges.Length + 1];
    private readonly long[] _championScores = new long[scoreEdges.Length + 1];

    public Guid RolloutId { get; } = rolloutId;
    public int Step { get; } = step;
    public int ChallengerVersion { get; } = challengerVersion;

    /// <summary>A request answered (or failed) by the champion or the rollout's challenger; other versions are not counted.</summary>
    public void Answered(int version, bool challenger, long latencyMicros, PredictionRecord? record)
    {
        if (challenger && version != ChallengerVersion)
        {
            return;
        }
        Interlocked.Increment(ref _totals[challenger ? ChallengerRequests : ChampionRequests]);
        if (record is null)
        {
            Interlocked.Increment(ref _totals[challenger ? ChallengerErrors : ChampionErrors]);
        }
        Interlocked.Increment(ref (challenger ? _challengerLatency : _championLatency)[LatencyBuckets.IndexOf(latencyMicros)]);
        if (record is not null)
        {
            Scored(challenger ? _challengerScores : _championScores, record);
        }
    }

    /// <summary>A champion request mirrored to the challenger: its scores, and per row whether the two agreed.</summary>
    public void Shadowed(PredictionRecord shadow, IReadOnlyList<(bool? LabelsAgreed, double Difference)> rows)
    {
        if (shadow.Model.Version != ChallengerVersion)
        {
            return;
        }
        Scored(_challengerScores, shadow);
        var agreed = 0;
        foreach (var (labelsAgreed, difference) in rows)
        {
            // Classifiers agree on the label; regressors within the tolerance.
            agreed += (labelsAgreed ?? difference <= agreementTolerance) ? 1 : 0;
        }
        Interlocked.Add(ref _totals[Compared], rows.Count);
        Interlocked.Add(ref _totals[Agreed], agreed);
    }

    public void ShadowFailedOnce() => Interlocked.Increment(ref _totals[ShadowFailed]);

    /// <summary>What was counted since the last call, resetting it (a count racing this lands in this delta or the next, never lost).</summary>
    public StepCounts TakeDelta() => new(
        Take(_totals, ChallengerRequests), Take(_totals, ChallengerErrors), Take(_totals, ChampionRequests), Take(_totals, ChampionErrors),
        Take(_totals, Compared), Take(_totals, Agreed), Take(_totals, ShadowFailed),
        TakeAll(_challengerLatency), TakeAll(_championLatency), TakeAll(_challengerScores), TakeAll(_championScores));

    private void Scored(long[] bins, PredictionRecord record)
    {
        for (var row = 0; row < record.Rows; row++)
        {
            var score = record.Score(row);
            if (!double.IsNaN(score))
            {
                Interlocked.Increment(ref bins[ScoreBins.IndexOf(scoreEdges, score)]);
            }
        }
    }

    private static long Take(long[] values, int index) => Interlocked.Exchange(ref values[index], 0);

    private static long[] TakeAll(long[] values)
    {
        var taken = new long[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            taken[i] = Volatile.Read(ref values[i]) == 0 ? 0 : Interlocked.Exchange(ref values[i], 0);
        }
        return taken;
    }
}
