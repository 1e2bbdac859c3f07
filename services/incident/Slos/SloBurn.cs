using Microsoft.Extensions.Options;
using MlOps.Incident.Rules;

namespace MlOps.Incident.Slos;

/// <summary>Reads objectives' current burn from Prometheus: the recorded error ratio of each burn window and the whole window's.</summary>
public sealed class SloBurn(PrometheusClient prometheus, IOptions<SloOptions> options)
{
    /// <summary>The burn of each objective, in their order.</summary>
    public async Task<IReadOnlyList<BurnReport>> ReportAsync(string tenant, IReadOnlyList<Objective> objectives, CancellationToken cancellationToken)
    {
        // One query per burn window covers all of the tenant's objectives; the whole window is one query each.
        var recorded = await Task.WhenAll(BurnWindows.All.Select(w =>
            prometheus.QueryAsync(SloQueries.RecordName(w.Name) + $"{{tenant={SloQueries.Quote(tenant)}}}", cancellationToken)));
        var whole = await Task.WhenAll(objectives.Select(o =>
        {
            RuleDuration.TryParse(o.Window, out var window);
            return prometheus.QueryAsync(SloQueries.ErrorRatio(tenant, o, window), cancellationToken);
        }));
        return objectives.Select((objective, i) =>
        {
            RuleDuration.TryParse(objective.Window, out var window);
            var windows = BurnWindows.All.Select((w, k) =>
            {
                var ratio = Finite(recorded[k].Where(s => s.Labels.GetValueOrDefault("slo") == objective.Name).Select(s => (double?)s.Value).FirstOrDefault());
                return new WindowBurn(w.Name, BurnWindows.PromDuration(BurnWindows.Scaled(w.Nominal, window, options.Value.MinimumRange)), ratio,
                    ratio / objective.ErrorBudget);
            }).ToList();
            var alerts = BurnWindows.Alerts.Select(a => new AlertBurn(a.Severity, a.Factor,
                windows.Single(w => w.Window == a.LongWindow).BurnRate > a.Factor && windows.Single(w => w.Window == a.ShortWindow).BurnRate > a.Factor)).ToList();
            var spent = Finite(whole[i].Select(s => (double?)s.Value).FirstOrDefault());
            return new BurnReport(windows, alerts, spent, spent is { } r ? 1 - r / objective.ErrorBudget : null);
        }).ToList();
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}

/// <summary>
/// An objective's burn now: each window's error ratio and burn rate (ratio ÷ budget), whether each alert's condition holds,
/// and over the whole window the error ratio and the share of the error budget left (negative once overspent). Null
/// figures mean no traffic in that range.
/// </summary>
public sealed record BurnReport(IReadOnlyList<WindowBurn> Windows, IReadOnlyList<AlertBurn> Alerts, double? WindowErrorRatio, double? BudgetRemaining);

/// <summary>One burn window: its workbook name (5m, 30m, 1h, 6h), the range it stands for under this objective, its figures.</summary>
public sealed record WindowBurn(string Window, string Range, double? ErrorRatio, double? BurnRate);

/// <summary>A burn-rate alert's condition as the figures stand (Prometheus decides the firing itself).</summary>
public sealed record AlertBurn(string Severity, double Factor, bool Burning);
