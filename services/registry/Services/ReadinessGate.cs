using Dapper;
using MlOps.Registry.Model;
using Npgsql;

namespace MlOps.Registry.Services;

/// <summary>
/// The deployment-readiness checks of a champion move (beside the policy's metric, regression, schema and signature checks):
/// evaluation passed, a load test recorded within the policy's limits, a rollback target present. A model's first champion
/// is exempt from the last two; the exempted check names are returned so the move can audit them.
/// </summary>
public static class ReadinessGate
{
    public const string EvaluationPassed = "evaluation passed";
    public const string LoadTestRecorded = "load test recorded";
    public const string RollbackTargetPresent = "rollback target present";
    private const string Off = "off by this model's policy";
    private const string FirstChampion = "exempt: the model's first champion";

    public static async Task<(IReadOnlyList<GateCheck> Checks, IReadOnlyList<string> Exempted)> EvaluateAsync(NpgsqlTransaction transaction, Guid modelId,
        PromotionPolicy policy, ModelVersionRow candidate, CancellationToken cancellationToken)
    {
        var readiness = policy.Readiness ?? ReadinessPolicy.Default;
        var connection = transaction.Connection!;
        var history = await connection.QuerySingleAsync<(bool EverChampion, bool HasTarget)>(new CommandDefinition(
            """
            SELECT EXISTS (SELECT 1 FROM alias_history WHERE model_id = @modelId AND alias = 'champion' AND version IS NOT NULL),
                   EXISTS (SELECT 1 FROM alias_history WHERE model_id = @modelId AND alias = 'champion' AND gate_passed
                           AND version IS NOT NULL AND version <> @version)
            """, new { modelId, version = candidate.Version }, transaction, cancellationToken: cancellationToken));
        var checks = new List<GateCheck> { Evaluation(readiness, policy, candidate) };
        var exempted = new List<string>();
        if (!readiness.RequireLoadTest)
        {
            checks.Add(new GateCheck(LoadTestRecorded, true, Off));
        }
        else if (!history.EverChampion)
        {
            checks.Add(new GateCheck(LoadTestRecorded, true, FirstChampion));
            exempted.Add(LoadTestRecorded);
        }
        else
        {
            var latest = await connection.QuerySingleOrDefaultAsync<LoadTestResponse>(new CommandDefinition(
                $"{LoadTestResponse.SelectFrom} WHERE t.model_id = @modelId AND t.version = @version ORDER BY t.id DESC LIMIT 1",
                new { modelId, version = candidate.Version }, transaction, cancellationToken: cancellationToken));
            checks.Add(LoadTest(readiness, candidate.Version, latest));
        }
        if (!readiness.RequireRollbackTarget)
        {
            checks.Add(new GateCheck(RollbackTargetPresent, true, Off));
        }
        else if (!history.EverChampion)
        {
            checks.Add(new GateCheck(RollbackTargetPresent, true, FirstChampion));
            exempted.Add(RollbackTargetPresent);
        }
        else
        {
            checks.Add(new GateCheck(RollbackTargetPresent, history.HasTarget, history.HasTarget
                ? "an earlier champion passed its gate"
                : "no earlier champion passed its gate, so a rollback would have nowhere to go"));
        }
        return (checks, exempted);
    }

    private static GateCheck Evaluation(ReadinessPolicy readiness, PromotionPolicy policy, ModelVersionRow candidate)
    {
        if (!readiness.RequireEvaluation)
        {
            return new GateCheck(EvaluationPassed, true, Off);
        }
        var metrics = candidate.ToResponse().Metrics;
        if (metrics.Count == 0)
        {
            return new GateCheck(EvaluationPassed, false, $"version {candidate.Version} has no recorded evaluation metrics");
        }
        var failed = PromotionGate.ThresholdChecks(policy, candidate).Where(c => !c.Passed).Select(c => c.Check).ToList();
        return failed.Count == 0
            ? new GateCheck(EvaluationPassed, true, $"{metrics.Count} metric(s) recorded, every threshold met")
            : new GateCheck(EvaluationPassed, false, "thresholds not met: " + string.Join(", ", failed));
    }

    private static GateCheck LoadTest(ReadinessPolicy readiness, int version, LoadTestResponse? latest)
    {
        if (latest is null)
        {
            return new GateCheck(LoadTestRecorded, false, $"no load test recorded for version {version}; record one with POST .../versions/{version}/load-tests");
        }
        var measured = $"{latest.Source}: {latest.Requests} requests, error rate {Format(latest.ErrorRate)}, p99 {Format(latest.P99Milliseconds)} ms";
        if (readiness.MaxErrorRate is { } maxErrorRate && latest.ErrorRate > maxErrorRate)
        {
            return new GateCheck(LoadTestRecorded, false, $"{measured}; error rate above the policy's {Format(maxErrorRate)}");
        }
        if (readiness.MaxP99Milliseconds is { } maxP99 && latest.P99Milliseconds > maxP99)
        {
            return new GateCheck(LoadTestRecorded, false, $"{measured}; p99 above the policy's {Format(maxP99)} ms");
        }
        return new GateCheck(LoadTestRecorded, true, measured);
    }

    private static string Format(double value) => value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
}
