namespace MlOps.Contracts;

/// <summary>inference's canary analysis judged a step of a rollout: advanced to the next share, promoted, or rolled back.</summary>
public sealed record CanaryDecided : IntegrationMessage
{
    /// <summary>Registered model name.</summary>
    public required string ModelName { get; init; }
    /// <summary>The rollout (one canary analysis of one challenger version).</summary>
    public required Guid RolloutId { get; init; }
    /// <summary>The challenger version under analysis.</summary>
    public required int ChallengerVersion { get; init; }
    /// <summary>The champion it was compared with, when one was served.</summary>
    public int? ChampionVersion { get; init; }
    /// <summary><see cref="Advanced"/>, <see cref="Promoted"/> or <see cref="RolledBack"/>.</summary>
    public required string Decision { get; init; }
    /// <summary>The challenger's traffic share (percent) after the decision: the next step's, 100 when promoted, 0 when rolled back.</summary>
    public required double TrafficPercent { get; init; }
    /// <summary>Why, in a sentence naming the measured figures and the thresholds.</summary>
    public required string Reason { get; init; }
    /// <summary>Requests the challenger answered in the judged step.</summary>
    public required long Requests { get; init; }
    /// <summary>The challenger's error rate in the step (0-1).</summary>
    public required double ErrorRate { get; init; }
    /// <summary>The challenger's p99 latency in the step, milliseconds.</summary>
    public required double P99Milliseconds { get; init; }
    /// <summary>Share of shadowed requests where challenger and champion agreed (0-1), when shadow comparison ran.</summary>
    public double? Agreement { get; init; }
    /// <summary>Distance of the challenger's prediction distribution from the champion's in the step (PSI), when both had predictions.</summary>
    public double? PredictionPsi { get; init; }

    /// <summary>The step passed; the challenger moved to the next share.</summary>
    public const string Advanced = "advanced";
    /// <summary>The last step passed and the registry's gate made the challenger champion.</summary>
    public const string Promoted = "promoted";
    /// <summary>A step failed (or the gate refused): the challenger's share went back to 0.</summary>
    public const string RolledBack = "rolled_back";
}
