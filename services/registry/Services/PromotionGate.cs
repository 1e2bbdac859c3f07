using System.Globalization;
using MlOps.Registry.Artifacts;
using MlOps.Registry.Model;
using MlOps.Registry.Signing;

namespace MlOps.Registry.Services;

/// <summary>
/// Evaluates a model's promotion policy for a candidate version against the current champion: thresholds, the same-rows comparison
/// the trainer recorded (or, without one, maxRegression on each model's own holdout figures), schema and signature.
/// </summary>
public sealed class PromotionGate(IArtifactStore store, ModelSigner signer)
{
    public async Task<IReadOnlyList<GateCheck>> EvaluateAsync(PromotionPolicy policy, ModelVersionRow candidate, ModelVersionRow? champion, CancellationToken cancellationToken)
    {
        var checks = new List<GateCheck>(ThresholdChecks(policy, candidate));
        var metrics = candidate.ToResponse().Metrics;
        if (champion is not null)
        {
            var championMetrics = champion.ToResponse().Metrics;
            var response = candidate.ToResponse();
            // Figures of both models on the same rows (the trainer's) decide; metrics from two different holdouts only without them.
            checks.AddRange(SameDataComparison.Checks(response, champion.Version, policy.MaxRegression ?? SameDataComparison.DefaultTolerance));
            foreach (var (metric, allowed) in policy.MaxRegression ?? new Dictionary<string, double>())
            {
                if (SameDataComparison.HasHoldoutFigure(response, champion.Version, metric))
                {
                    continue;
                }
                var name = $"{metric} not worse than champion v{champion.Version} by more than {Format(allowed)}";
                if (!metrics.TryGetValue(metric, out var mine) || !championMetrics.TryGetValue(metric, out var theirs))
                {
                    checks.Add(new GateCheck(name, false, $"'{metric}' is missing on the candidate or the champion"));
                    continue;
                }
                checks.Add(new GateCheck(name, theirs - mine <= allowed + 1e-12, $"candidate {Format(mine)}, champion {Format(theirs)}"));
            }
            if (policy.RequireCompatibleSchema)
            {
                var problem = SchemaCompatibility.Problem(champion.ToResponse().InputSchema, candidate.ToResponse().InputSchema);
                checks.Add(new GateCheck("input schema compatible with the champion", problem is null, problem ?? "every champion input is accepted"));
            }
        }
        if (policy.RequireValidSignature)
        {
            var intact = await store.VerifyAsync(candidate.ArtifactDigest, cancellationToken);
            var signed = candidate.SigningKeyId == signer.KeyId
                && ModelSigner.Verify(signer.PublicKey, candidate.TenantId, candidate.Model, candidate.Version, candidate.ArtifactDigest, candidate.Signature);
            checks.Add(new GateCheck("signature valid", intact && signed,
                intact ? (signed ? "artifact digest and signature verified" : "the signature does not verify") : "the stored artifact no longer matches its digest"));
        }
        return checks;
    }

    /// <summary>One check per metric threshold of the policy; the readiness gate's "evaluation passed" summarises them.</summary>
    public static IReadOnlyList<GateCheck> ThresholdChecks(PromotionPolicy policy, ModelVersionRow candidate)
    {
        var metrics = candidate.ToResponse().Metrics;
        return [.. (policy.Thresholds ?? []).Select(threshold => metrics.TryGetValue(threshold.Metric, out var value)
            ? new GateCheck($"{threshold.Metric} {threshold.Op} {Format(threshold.Value)}", Compare(value, threshold.Op, threshold.Value), $"{threshold.Metric} is {Format(value)}")
            : new GateCheck($"{threshold.Metric} {threshold.Op} {Format(threshold.Value)}", false, $"version {candidate.Version} has no metric '{threshold.Metric}'"))];
    }

    private static bool Compare(double value, string op, double limit) => op switch
    {
        ">=" => value >= limit,
        ">" => value > limit,
        "<=" => value <= limit,
        "<" => value < limit,
        _ => false,
    };

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
