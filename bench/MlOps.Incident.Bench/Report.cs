using System.Globalization;
using Dapper;
using Npgsql;

namespace MlOps.Incident.Bench;

public static class Report
{
    public static void Latencies(string name, IEnumerable<TimeSpan> latencies)
    {
        var sorted = latencies.Select(l => l.TotalMilliseconds).Order().ToArray();
        if (sorted.Length == 0)
        {
            Console.WriteLine($"{name}: no samples");
            return;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: n={sorted.Length} p50={At(sorted, 0.50):F1} ms p95={At(sorted, 0.95):F1} ms p99={At(sorted, 0.99):F1} ms max={sorted[^1]:F1} ms"));
    }

    public static void Ratio(string name, IEnumerable<TimeSpan> measured, IEnumerable<TimeSpan> baseline)
    {
        var m = measured.Select(l => l.TotalMilliseconds).Order().ToArray();
        var b = baseline.Select(l => l.TotalMilliseconds).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {At(m, 0.99) / At(b, 0.99):F2}"));
    }

    /// <summary>Exactness: one incident per key, and every answered alert counted once.</summary>
    public static async Task DedupAsync(string database, IReadOnlyList<Sent> sent)
    {
        await using var connection = new NpgsqlConnection(database);
        var rows = (await connection.QueryAsync<(string Key, long Incidents, long Alerts)>(
            "SELECT dedup_key, count(*), sum(alert_count) FROM incidents WHERE source = 'bench' GROUP BY dedup_key")).ToList();
        var expected = sent.Where(s => s.Ok).GroupBy(s => "api:bench:" + s.Key).ToDictionary(g => g.Key, g => (long)g.Count());
        var duplicated = rows.Count(r => r.Incidents != 1);
        var miscounted = rows.Count(r => expected.GetValueOrDefault(r.Key) != r.Alerts);
        Console.WriteLine($"dedup: {rows.Count} keys, {expected.Count} expected; keys with more than one incident: {duplicated}; keys whose count differs from alerts answered: {miscounted}");
    }

    private static double At(double[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
}
