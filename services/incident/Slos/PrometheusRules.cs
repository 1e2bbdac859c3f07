using System.Globalization;
using MlOps.Incident.Rules;
using YamlDotNet.Serialization;

namespace MlOps.Incident.Slos;

/// <summary>
/// A tenant's rule file: per objective one group with its error ratio recorded over the four burn windows and the two
/// multi-window burn-rate alerts of the SRE workbook, labelled tenant, slo, severity, slo_kind and (objectives about a model) model.
/// </summary>
public static class PrometheusRules
{
    public static string Generate(string tenant, IEnumerable<Objective> objectives, SloOptions options)
    {
        var groups = objectives.OrderBy(o => o.Name, StringComparer.Ordinal).Select(o => Group(tenant, o, options)).ToList();
        return new SerializerBuilder().Build().Serialize(new Dictionary<string, object> { ["groups"] = groups });
    }

    private static Dictionary<string, object> Group(string tenant, Objective objective, SloOptions options)
    {
        RuleDuration.TryParse(objective.Window, out var window);
        var labels = new Dictionary<string, string> { ["tenant"] = tenant, ["slo"] = objective.Name };
        var rules = new List<Dictionary<string, object>>();
        if (objective.Kind == ObjectiveKinds.Freshness)
        {
            rules.Add(new() { ["record"] = SloQueries.StaleRecord, ["expr"] = SloQueries.Stale(tenant, objective), ["labels"] = labels });
        }
        foreach (var (name, nominal) in BurnWindows.All)
        {
            var range = BurnWindows.Scaled(nominal, window, options.MinimumRange);
            rules.Add(new() { ["record"] = SloQueries.RecordName(name), ["expr"] = SloQueries.ErrorRatio(tenant, objective, range), ["labels"] = labels });
        }
        var budget = objective.ErrorBudget.ToString("R", CultureInfo.InvariantCulture);
        var selector = SloQueries.Selector(tenant, objective.Name);
        foreach (var alert in BurnWindows.Alerts)
        {
            var factor = alert.Factor.ToString("R", CultureInfo.InvariantCulture);
            rules.Add(new()
            {
                ["alert"] = SloQueries.BurnAlertName,
                ["expr"] = $"{SloQueries.RecordName(alert.LongWindow)}{selector} > ({factor} * {budget})"
                    + $" and {SloQueries.RecordName(alert.ShortWindow)}{selector} > ({factor} * {budget})",
                ["labels"] = AlertLabels(labels, objective, alert.Severity),
                ["annotations"] = new Dictionary<string, string>
                {
                    ["summary"] = $"SLO {objective.Name} is burning its error budget at over {factor}x",
                    ["description"] = $"{Describe(objective)}: the error ratio over the last {Span(alert.LongWindow, window, options)} and "
                        + $"{Span(alert.ShortWindow, window, options)} is above {factor} times the budget ({budget}) of a {objective.Target}% "
                        + $"objective over {objective.Window}.",
                },
            });
        }
        return new Dictionary<string, object>
        {
            ["name"] = $"slo:{tenant}:{objective.Name}",
            ["interval"] = BurnWindows.PromDuration(options.EvaluationInterval),
            ["rules"] = rules,
        };
    }

    // An objective about a model names it, so the shipped model-regression rule can roll that model back.
    private static Dictionary<string, string> AlertLabels(Dictionary<string, string> labels, Objective objective, string severity)
    {
        var alertLabels = new Dictionary<string, string>(labels) { ["severity"] = severity, ["slo_kind"] = objective.Kind };
        if (objective.Model is { } model)
        {
            alertLabels["model"] = model;
        }
        return alertLabels;
    }

    private static string Span(string name, TimeSpan window, SloOptions options) =>
        BurnWindows.PromDuration(BurnWindows.Scaled(BurnWindows.Nominal(name), window, options.MinimumRange));

    private static string Describe(Objective objective) => objective.Kind switch
    {
        ObjectiveKinds.Availability => $"Availability of model {objective.Model}",
        ObjectiveKinds.Latency => $"Latency of model {objective.Model} (requests under {objective.ThresholdMs} ms)",
        _ => $"Freshness of dataset {objective.Dataset} (loaded within {objective.MaxAge})",
    };
}
