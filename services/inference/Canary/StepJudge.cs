using System.Globalization;

namespace MlOps.Inference.Canary;

/// <summary>
/// Judges a step's figures against the rollout's thresholds, as Flagger's analysis does: every configured check must hold.
/// A figure that was not measured fails its check, except the champion-relative ones (p99 ratio, agreement, PSI) at a 100 %
/// step, where the champion answers nothing to compare with.
/// </summary>
public static class StepJudge
{
    public const string ErrorRate = "error rate";
    public const string P99Ratio = "p99 ratio";
    public const string P99 = "p99";
    public const string Agreement = "agreement";
    public const string PredictionPsi = "prediction PSI";

    public static StepVerdict Judge(int step, double percent, RolloutThresholds limits, StepFigures figures)
    {
        var checks = new List<(string Name, bool Passed, string Text)>();
        var championIdle = percent >= 100;
        if (limits.MaxErrorRate is { } maxErrors)
        {
            checks.Add(figures.ErrorRate is { } rate
                ? (ErrorRate, rate <= maxErrors, $"error rate {F(rate)} ({figures.Errors} of {figures.Requests}) {(rate <= maxErrors ? "≤" : ">")} {F(maxErrors)}")
                : (ErrorRate, false, $"error rate not measured (no challenger requests; limit {F(maxErrors)})"));
        }
        if (limits.MaxP99Milliseconds is { } maxMs)
        {
            checks.Add(figures.P99Milliseconds is { } p99
                ? (P99, p99 <= maxMs, $"p99 {F(p99)} ms {(p99 <= maxMs ? "≤" : ">")} {F(maxMs)} ms")
                : (P99, false, $"p99 not measured (no challenger requests; limit {F(maxMs)} ms)"));
        }
        if (limits.MaxP99Ratio is { } maxRatio)
        {
            // At 100 % the champion's few figures are stray requests from before the split moved, or shadow copies: not comparable.
            checks.Add((figures.P99Milliseconds, figures.ChampionP99Milliseconds) switch
            {
                _ when championIdle => (P99Ratio, true, "p99 ratio not compared (the champion answers nothing at 100 %)"),
                ({ } mine, { } theirs) => (P99Ratio, mine <= maxRatio * theirs,
                    $"p99 {F(mine)} ms {(mine <= maxRatio * theirs ? "≤" : ">")} {F(maxRatio)}× the champion's {F(theirs)} ms"),
                _ => (P99Ratio, false, $"p99 ratio not measured (challenger or champion answered nothing; limit {F(maxRatio)}×)"),
            });
        }
        if (limits.MinAgreement is { } minAgreement)
        {
            checks.Add(figures.Agreement is { } agreement
                ? (Agreement, agreement >= minAgreement, $"agreement {F(agreement)} over {figures.Compared} shadowed rows {(agreement >= minAgreement ? "≥" : "<")} {F(minAgreement)}")
                : championIdle
                    ? (Agreement, true, "agreement not compared (no shadowed requests at 100 %)")
                    : (Agreement, false, $"agreement not measured (no shadowed requests; minimum {F(minAgreement)})"));
        }
        if (limits.MaxPredictionPsi is { } maxPsi)
        {
            // As the p99 ratio: at 100 % the champion's scores are a few stray requests, too few to compare distributions with.
            checks.Add(figures.PredictionPsi is { } psi && !championIdle
                ? (PredictionPsi, psi <= maxPsi, $"prediction PSI {F(psi)} {(psi <= maxPsi ? "≤" : ">")} {F(maxPsi)}")
                : championIdle
                    ? (PredictionPsi, true, "prediction PSI not compared (the champion predicts nothing at 100 %)")
                    : (PredictionPsi, false, $"prediction PSI not measured (no scores from the challenger or the champion; limit {F(maxPsi)})"));
        }
        var failed = checks.Where(c => !c.Passed).ToList();
        var head = $"step {step + 1} ({F(percent)} %)";
        var reason = failed.Count > 0
            ? $"{head} failed: {string.Join("; ", failed.Select(c => c.Text))}."
            : checks.Count == 0
                ? $"{head} passed with no checks configured over {figures.Requests} challenger requests."
                : $"{head} passed over {figures.Requests} challenger requests: {string.Join("; ", checks.Select(c => c.Text))}.";
        return new StepVerdict(failed.Count == 0, [.. failed.Select(c => c.Name)], reason);
    }

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
