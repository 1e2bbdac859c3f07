using System.ComponentModel.DataAnnotations;

namespace MlOps.Registry.Model;

/// <summary>
/// The deployment-readiness checklist a champion move must pass, every check on unless turned off here: evaluation passed,
/// a load test recorded (within MaxErrorRate / MaxP99Milliseconds when set), a rollback target present. A model's first
/// champion is exempt from the load-test and rollback-target checks. The signature check is the policy's RequireValidSignature.
/// </summary>
public sealed record ReadinessPolicy(
    bool RequireEvaluation = true,
    bool RequireLoadTest = true,
    bool RequireRollbackTarget = true,
    [Range(0.0, 1.0, ErrorMessage = "maxErrorRate is the highest error rate a load test may show: a number from 0 to 1.")]
    double? MaxErrorRate = null,
    [Range(0.0, double.MaxValue, MinimumIsExclusive = true,
        ErrorMessage = "maxP99Milliseconds is the highest p99 latency a load test may show: a positive number.")]
    double? MaxP99Milliseconds = null)
{
    public static readonly ReadinessPolicy Default = new();
}
