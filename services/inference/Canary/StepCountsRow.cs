namespace MlOps.Inference.Canary;

/// <summary>A rollout_counts row as Dapper reads it.</summary>
internal sealed class StepCountsRow
{
    public long ChallengerRequests { get; set; }
    public long ChallengerErrors { get; set; }
    public long ChampionRequests { get; set; }
    public long ChampionErrors { get; set; }
    public long Compared { get; set; }
    public long Agreed { get; set; }
    public long ShadowFailed { get; set; }
    public long[] ChallengerLatency { get; set; } = [];
    public long[] ChampionLatency { get; set; } = [];
    public long[] ChallengerScores { get; set; } = [];
    public long[] ChampionScores { get; set; } = [];

    public StepCounts ToCounts() => new(ChallengerRequests, ChallengerErrors, ChampionRequests, ChampionErrors, Compared, Agreed, ShadowFailed,
        ChallengerLatency, ChampionLatency, ChallengerScores, ChampionScores);
}
