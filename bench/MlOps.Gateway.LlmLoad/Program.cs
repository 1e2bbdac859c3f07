using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

// Load for an OpenAI-compatible /v1/chat/completions endpoint, printing latency percentiles in milliseconds.
//   rate <base> <key> <requests/s> <seconds>     open loop at a fixed rate, a new prompt each time (cache misses);
//                                                latency counted from the scheduled send time, so queueing shows
//   streams <base> <key> <concurrency> <seconds> that many streams at once, back to back; time to the last byte,
//                                                and the time to the first non-empty content chunk (first token)
//   same <base> <key> <concurrency> <seconds>    one deterministic request repeated (cache hits after the first)
// Usage: MlOps.Gateway.LlmLoad <mode> <base URL ending in /v1> <key or -> <n> <seconds>
var (mode, baseUrl, key, n, seconds) = (args[0], args[1].TrimEnd('/'), args[2], int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture));
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) };
if (key != "-")
{
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
}
var url = baseUrl + "/chat/completions";
var latencies = new List<double>();
var firstTokens = new System.Collections.Concurrent.ConcurrentBag<double>();
var errors = 0;
var counter = 0;

async Task<double> SendAsync(bool stream, bool unique, long scheduled)
{
    var prompt = unique ? $"Summarize ticket {Interlocked.Increment(ref counter)}: the customer cannot log in after a password reset." : "What is the refund policy?";
    var body = $$"""{"model":"dev-chat","temperature":0,"max_tokens":64,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{prompt}}"}]}""";
    using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    if (stream)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = true;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (first && line.Contains("\"content\":\"", StringComparison.Ordinal) && !line.Contains("\"content\":\"\"", StringComparison.Ordinal))
            {
                firstTokens.Add(Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds);
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
        Interlocked.Increment(ref errors);
    }
    return Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
}

var end = Stopwatch.GetTimestamp() + (long)(seconds * (double)Stopwatch.Frequency);
if (mode == "rate")
{
    var interval = Stopwatch.Frequency / (double)n;
    var start = Stopwatch.GetTimestamp();
    var tasks = new List<Task<double>>();
    for (var i = 0; ; i++)
    {
        var scheduled = start + (long)(i * interval);
        if (scheduled >= end)
        {
            break;
        }
        while (Stopwatch.GetTimestamp() < scheduled)
        {
            var wait = (scheduled - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
            if (wait > 2)
            {
                await Task.Delay(1);
            }
            else
            {
                Thread.SpinWait(50);
            }
        }
        tasks.Add(Task.Run(() => SendAsync(false, unique: true, scheduled)));
    }
    latencies.AddRange(await Task.WhenAll(tasks));
}
else
{
    var stream = mode == "streams";
    var workers = Enumerable.Range(0, n).Select(_ => Task.Run(async () =>
    {
        var mine = new List<double>();
        while (Stopwatch.GetTimestamp() < end)
        {
            mine.Add(await SendAsync(stream, unique: stream, Stopwatch.GetTimestamp()));
        }
        return mine;
    }));
    foreach (var mine in await Task.WhenAll(workers))
    {
        latencies.AddRange(mine);
    }
}
latencies.Sort();
double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Floor(p * latencies.Count))];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{mode} n={n}: {latencies.Count} requests in {seconds} s ({latencies.Count / (double)seconds:F0}/s), errors {errors}, p50 {Percentile(0.5):F2} ms, p90 {Percentile(0.9):F2} ms, p99 {Percentile(0.99):F2} ms, max {latencies[^1]:F2} ms"));
if (!firstTokens.IsEmpty)
{
    var sorted = firstTokens.Order().ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  first token: p50 {sorted[sorted.Count / 2]:F2} ms, p99 {sorted[Math.Min(sorted.Count - 1, (int)(0.99 * sorted.Count))]:F2} ms"));
}
