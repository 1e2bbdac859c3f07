using System.Text.Json;

namespace MlOps.Incident.Alerts;

/// <summary>
/// Groups a batch of alerts for one transaction: consecutive identical alerts of a key become one counted signal, a key's
/// alerts keep their order (firing, then resolved), and keys come in one order so two replicas lock shared incidents alike.
/// </summary>
public static class AlertGroups
{
    public static List<List<T>> Group<T>(IEnumerable<T> batch, Func<T, AlertSignal> alertOf)
    {
        var groups = new List<List<T>>();
        var lastOfKey = new Dictionary<(string, string), List<T>>();
        foreach (var item in batch)
        {
            var alert = alertOf(item);
            var key = (alert.Tenant, alert.DefaultDedupKey);
            if (lastOfKey.TryGetValue(key, out var last) && Identity(alertOf(last[0])) == Identity(alert))
            {
                last.Add(item);
                continue;
            }
            lastOfKey[key] = [item];
            groups.Add(lastOfKey[key]);
        }
        return [.. groups.Select((g, i) => (g, i)).OrderBy(x => alertOf(x.g[0]).Tenant, StringComparer.Ordinal)
            .ThenBy(x => alertOf(x.g[0]).DefaultDedupKey, StringComparer.Ordinal).ThenBy(x => x.i).Select(x => x.g)];
    }

    /// <summary>The group's first alert, standing for all of them.</summary>
    public static AlertSignal Counted<T>(List<T> group, Func<T, AlertSignal> alertOf) =>
        alertOf(group[0]) with { Count = group.Sum(item => alertOf(item).Count) };

    private static string Identity(AlertSignal alert) => JsonSerializer.Serialize(alert with { Count = 0 }, JsonSerializerOptions.Web);
}
