using System.Diagnostics;
using System.Net.Http.Json;

namespace MlOps.FeatureStore.Bench;

/// <summary>Sends on a fixed schedule, whatever the answers (open loop), one random entity per lookup.</summary>
public static class OpenLoad
{
    public static async Task<IReadOnlyList<TimeSpan>> RunAsync(HttpClient http, int seconds, int rate, int entities, bool lookup)
    {
        var total = seconds * rate;
        var clock = Stopwatch.StartNew();
        var pending = new List<Task<TimeSpan?>>(total);
        for (var i = 0; i < total; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / rate) - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }
            pending.Add(SendAsync(http, lookup ? Random.Shared.Next(1, entities + 1) : null));
        }
        var results = await Task.WhenAll(pending);
        Console.WriteLine($"sent {total} in {clock.Elapsed.TotalSeconds:F1} s, {results.Count(r => r is null)} failed");
        return [.. results.Where(r => r is not null).Select(r => r!.Value)];
    }

    private static async Task<TimeSpan?> SendAsync(HttpClient http, int? entity)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = entity is { } e
                ? await http.PostAsJsonAsync("/online-features", new { featureService = "bench", entities = new[] { new { customer_id = e } } })
                : await http.GetAsync("/alive");
            await response.Content.ReadAsByteArrayAsync();
            return response.IsSuccessStatusCode ? Stopwatch.GetElapsedTime(started) : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
