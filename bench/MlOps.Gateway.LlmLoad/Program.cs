using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

// Load for OpenAI-compatible /v1/chat/completions endpoints, printing latency percentiles in milliseconds.
//   rate <bases> <keys> <requests/s> <seconds>     open loop at a fixed rate, a new prompt each time (cache misses);
//                                                  latency counted from the scheduled send time, so queueing shows
//   streams <bases> <keys> <concurrency> <seconds> that many streams at once, back to back; time to the last byte,
//                                                  and the time to the first non-empty content chunk (first token)
//   same <bases> <keys> <concurrency> <seconds>    one deterministic request repeated (cache hits after the first)
// <bases> is one base URL ending in /v1 or several separated by commas, <keys> as many keys (- for none). With several
// targets the load switches between them, so a slow spell of a shared machine falls on each alike: a fixed rate every
// second; streams (and repeats) in blocks of five seconds, each block's streams finished before the next block starts,
// so every target carries the whole concurrency alone, and each client starting at a random moment of the block's first
// half second, so that streams run out of step as independent users' do. (Switching streams every second let
// back-to-back streams fall into waves whose phase favoured one target or another by up to half a millisecond; starting
// a block's streams at once kept them in step, every chunk of 200 streams arriving in the same millisecond.)
// With two targets, streams and repeats also print what the second adds block by block (BlockPairs).
// Usage: MlOps.Gateway.LlmLoad <mode> <bases> <keys> <n> <seconds>
var (mode, n, seconds) = (args[0], int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture));
var targets = args[1].Split(',').Zip(args[2].Split(','), (url, key) => new Target(url.TrimEnd('/') + "/chat/completions", key == "-" ? null : key)).ToArray();
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) };
var counter = 0;
// Unique across runs too: a later run must not hit answers an earlier one left in the gateway's cache.
var run = Guid.NewGuid().ToString("N")[..8];
var start = Stopwatch.GetTimestamp();
var end = start + (long)(seconds * (double)Stopwatch.Frequency);
Target TargetAt(long timestamp) => targets[(int)((timestamp - start) / Stopwatch.Frequency % targets.Length)];

async Task SendAsync(Target target, bool stream, bool unique, long scheduled, List<double>? block = null)
{
    var prompt = unique ? $"Summarize ticket {run}-{Interlocked.Increment(ref counter)}: the customer cannot log in after a password reset." : "What is the refund policy?";
    var body = $$"""{"model":"dev-chat","temperature":0,"max_tokens":64,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{prompt}}"}]}""";
    using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    if (target.Key is not null)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.Key);
    }
    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    if (stream)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = true;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (first && line.Contains("\"content\":\"", StringComparison.Ordinal) && !line.Contains("\"content\":\"\"", StringComparison.Ordinal))
            {
                target.FirstTokens.Add(Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds);
                first = false;
            }
        }
    }
    else
    {
        await response.Content.ReadAsByteArrayAsync();
    }
    if (!response.IsSuccessStatusCode)
    {
        Interlocked.Increment(ref target.Errors);
    }
    var latency = Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
    target.Latencies.Add(latency);
    if (block is not null)
    {
        lock (block)
        {
            block.Add(latency);
        }
    }
}

var blocks = new List<List<double>>();

if (mode == "rate")
{
    // Paced by sleeping, not spinning: on a two-core machine a spinning client would take a core from the servers it
    // measures. A request sent up to a millisecond late still counts from its scheduled time.
    var interval = Stopwatch.Frequency / (double)n;
    var tasks = new List<Task>();
    var pacer = new Thread(() =>
    {
        for (var i = 0; ; i++)
        {
            var scheduled = start + (long)(i * interval);
            if (scheduled >= end)
            {
                break;
            }
            while (Stopwatch.GetTimestamp() < scheduled)
            {
                Thread.Sleep(1);
            }
            tasks.Add(Task.Run(() => SendAsync(TargetAt(scheduled), false, unique: true, scheduled)));
        }
    });
    pacer.Start();
    pacer.Join();
    await Task.WhenAll(tasks);
}
else
{
    var stream = mode == "streams";
    var blockTicks = 5 * Stopwatch.Frequency;
    for (var block = 0; Stopwatch.GetTimestamp() < end; block++)
    {
        var target = targets[block % targets.Length];
        var latencies = new List<double>();
        blocks.Add(latencies);
        var blockEnd = Math.Min(end, Stopwatch.GetTimestamp() + blockTicks);
        await Task.WhenAll(Enumerable.Range(0, n).Select(_ => Task.Run(async () =>
        {
            await Task.Delay(Random.Shared.Next(500));
            while (Stopwatch.GetTimestamp() is var now && now < blockEnd)
            {
                await SendAsync(target, stream, unique: stream, now, latencies);
            }
        })));
    }
}
foreach (var (target, index) in targets.Select((t, i) => (t, i)))
{
    var latencies = target.Latencies.Order().ToList();
    var label = targets.Length > 1 ? $"target {index + 1} " : "";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{label}{mode} n={n}: {latencies.Count} requests, errors {target.Errors}, p50 {Percentile(latencies, 0.5):F2} ms, p90 {Percentile(latencies, 0.9):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms, max {latencies[^1]:F2} ms"));
    if (!target.FirstTokens.IsEmpty)
    {
        var sorted = target.FirstTokens.Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  first token: p50 {Percentile(sorted, 0.5):F2} ms, p99 {Percentile(sorted, 0.99):F2} ms"));
    }
}

if (targets.Length == 2)
{
    BlockPairs.Print(blocks);
}

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(p * sorted.Count))];

/// <summary>One endpoint under load and what was measured against it.</summary>
internal sealed class Target(string url, string? key)
{
    public string Url { get; } = url;
    public string? Key { get; } = key;
    public ConcurrentBag<double> Latencies { get; } = [];
    public ConcurrentBag<double> FirstTokens { get; } = [];
    public int Errors;
}
