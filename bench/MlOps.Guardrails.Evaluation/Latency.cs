using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MlOps.Guardrails.Injection;
using MlOps.Guardrails.Pii;
using MlOps.Guardrails.Secrets;

namespace MlOps.Guardrails.Evaluation;

/// <summary>
/// Latency of all input scanners (PII, secrets, injection with the cascade) per prompt, one thread, over the evaluation
/// prompts: deepset test and Presidio's sentences, each also padded with English prose to about 2 KB.
/// </summary>
public static class Latency
{
    public static string Measure(string sharedData, MiniLmInjectionHead head)
    {
        IScanner[] scanners = [new PiiScanner(), new SecretScanner(), new InjectionScanner(new InjectionCascade(LinearInjectionModel.Embedded, head))];
        var prompts = File.ReadLines(Path.Combine(sharedData, "prompt-injection/deepset/test.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!)
            .Concat(JsonDocument.Parse(File.ReadAllText(Path.Combine(sharedData, "pii-presidio-synth/synth_dataset_v2.json"))).RootElement.EnumerateArray().Select(r => r.GetProperty("full_text").GetString()!).Take(300))
            .ToList();
        const string Padding = "The team reviewed the quarterly numbers, agreed on the next milestones for the dashboard and the billing migration, and planned the hiring for the support roles. ";
        var padded = prompts.Select(p => p.Length >= 2000 ? p : string.Concat(Enumerable.Repeat(Padding, (2000 - p.Length) / Padding.Length + 1))[..(2000 - p.Length)] + p).ToList();
        foreach (var warm in padded.Take(20))
        {
            Scan(scanners, warm);
        }
        var rows = new List<string>();
        foreach (var (name, set) in new[] { ("as written", prompts), ("padded to ~2 KB", padded) })
        {
            var times = set.Select(p => Scan(scanners, p)).Order().ToList();
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {times.Count} | {Percentile(times, 0.5):F2} ms | {Percentile(times, 0.99):F2} ms | {times[^1]:F2} ms |"));
        }
        return "| prompts | count | p50 | p99 | max |\n|---|---|---|---|---|\n" + string.Join('\n', rows) + "\n";
    }

    private static double Scan(IScanner[] scanners, string text)
    {
        var stopwatch = Stopwatch.StartNew();
        foreach (var scanner in scanners)
        {
            scanner.Scan(text);
        }
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static double Percentile(List<double> sorted, double level) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(level * sorted.Count) - 1)];
}
