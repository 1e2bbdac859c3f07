using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MlOps.Incident.Bench;

/// <summary>Sends requests on a fixed schedule (open loop: a slow answer does not delay the next send), alternating replicas.</summary>
public sealed class OpenLoad(IReadOnlyList<Uri> replicas, string token) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    /// <summary>A webhook channel to the receiver and a rule routing every alert to it.</summary>
    public async Task SetUpAsync(Uri hook)
    {
        (await _http.PutAsJsonAsync(new Uri(replicas[0], "/channels/hook"), new { type = "webhook", url = hook.ToString() })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync(new Uri(replicas[0], "/rules/all"), new { name = "all", match = new { }, channels = new[] { "hook" } })).EnsureSuccessStatusCode();
    }

    /// <param name="keyOf">The alert's dedup key by its index; null sends GET /alive (the baseline).</param>
    public async Task<IReadOnlyList<Sent>> RunAsync(int seconds, int rate, Func<int, string?> keyOf)
    {
        var total = seconds * rate;
        var clock = Stopwatch.StartNew();
        var pending = new List<Task<Sent>>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }
            pending.Add(SendAsync(replicas[i % replicas.Count], keyOf(i)));
        }
        var results = await Task.WhenAll(pending);
        Console.WriteLine($"sent {total} in {clock.Elapsed.TotalSeconds:F1} s, {results.Count(r => !r.Ok)} failed");
        return results;
    }

    private async Task<Sent> SendAsync(Uri replica, string? key)
    {
        var sentAt = DateTime.UtcNow;
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = key is null
                ? await _http.GetAsync(new Uri(replica, "/alive"))
                : await _http.PostAsJsonAsync(new Uri(replica, "/v1/alerts"), new { title = "Load " + key, severity = "high", source = "bench", dedupKey = key });
            var latency = Stopwatch.GetElapsedTime(started);
            if (key is null || !response.IsSuccessStatusCode)
            {
                return new Sent(sentAt, latency, response.IsSuccessStatusCode, null, null, key);
            }
            var outcome = await response.Content.ReadFromJsonAsync<JsonElement>();
            return new Sent(sentAt, latency, true, outcome.GetProperty("result").GetString(), outcome.GetProperty("incidentId").GetGuid(), key);
        }
        catch (HttpRequestException)
        {
            return new Sent(sentAt, Stopwatch.GetElapsedTime(started), false, null, null, key);
        }
    }

    public void Dispose() => _http.Dispose();
}

public sealed record Sent(DateTime SentAt, TimeSpan Latency, bool Ok, string? Result, Guid? IncidentId, string? Key);
