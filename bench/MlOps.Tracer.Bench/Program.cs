using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.TestSupport;
using MlOps.Tracer.Bench;
using Npgsql;

// The tracer as its own process (this build's configuration) on the test PostgreSQL; every figure of one run, side by side.
var cancel = CancellationToken.None;
var batchCount = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 300;
var database = TestInfrastructure.UniqueDatabase("tracer_bench");
var connectionString = TestInfrastructure.Postgres(database);
var service = await ServiceProcess.StartAsync("agentops-tracer", "MlOps.AgentOpsTracer", new Dictionary<string, string>
{
    ["ConnectionStrings__tracerdb"] = connectionString,
    ["ConnectionStrings__messaging"] = TestInfrastructure.RabbitMq("functional").ToString(),
    ["MlOps__Messaging__EndpointPrefix"] = "bench" + Guid.NewGuid().ToString("N")[..8],
    ["MlOps__Tracer__Prices__gpt-4o__Input"] = "2.5",
    ["MlOps__Tracer__Prices__gpt-4o__Output"] = "10",
});
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = service.Address, Timeout = TimeSpan.FromMinutes(2) };
var start = DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeMilliseconds() * 1_000_000;

async Task<(HttpStatusCode Status, double Ms)> PostAsync(string tenant, byte[] body)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = new ByteArrayContent(body) };
    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestIdentity.Token(tenant, "traces:write"));
    var clock = Stopwatch.StartNew();
    using var response = await http.SendAsync(request, cancel);
    return (response.StatusCode, clock.Elapsed.TotalMilliseconds);
}

async Task PolicyAsync(string tenant, string mode)
{
    using var request = new HttpRequestMessage(HttpMethod.Put, "/content-policy") { Content = JsonContent.Create(new { mode }) };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestIdentity.Token(tenant, "traces:policy"));
    (await http.SendAsync(request, cancel)).EnsureSuccessStatusCode();
}

async Task<long> StoredAsync(string tenant)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync(cancel);
    await using var count = new NpgsqlCommand("SELECT count(*) FROM spans WHERE tenant_id = @t", connection);
    count.Parameters.AddWithValue("t", tenant);
    return (long)(await count.ExecuteScalarAsync(cancel))!;
}

// Closed loop: four senders, each posting the next batch when its last was answered; a 503 is retried after 100 ms (counted).
async Task<string> SustainedAsync(string tenant, string mode, int? only = null)
{
    var batches = only ?? batchCount;
    await PolicyAsync(tenant, mode);
    var bodies = Enumerable.Range(0, batches).Select(b => SpanBatches.Body(b, $"{tenant}-{b % 50}", start)).ToArray();
    var next = -1;
    var overloaded = 0;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
    {
        int b;
        while ((b = Interlocked.Increment(ref next)) < bodies.Length)
        {
            while (true)
            {
                var (status, _) = await PostAsync(tenant, bodies[b]);
                if (status == HttpStatusCode.OK)
                {
                    break;
                }
                if (status != HttpStatusCode.ServiceUnavailable && status != HttpStatusCode.TooManyRequests)
                {
                    throw new InvalidOperationException($"batch {b}: HTTP {(int)status}");
                }
                Interlocked.Increment(ref overloaded);
                await Task.Delay(100, cancel);
            }
        }
    }));
    var seconds = clock.Elapsed.TotalSeconds;
    var sent = (long)batches * SpanBatches.BatchSize;
    var stored = await StoredAsync(tenant);
    return $"intake ({tenant}): {sent} spans in {seconds:0.00} s = {sent / seconds:0} spans/s; stored {stored} (lost {sent - stored}); 503s {overloaded}";
}

// Open loop at 10,000 spans/s: one 512-span batch every 51.2 ms whatever the answers, each request's latency recorded.
async Task<string> PacedAsync(string tenant, int count)
{
    await PolicyAsync(tenant, "redact");
    var bodies = Enumerable.Range(0, count).Select(b => SpanBatches.Body(b, $"{tenant}-{b % 50}", start)).ToArray();
    var latencies = new double[count];
    var failures = 0;
    var clock = Stopwatch.StartNew();
    var sends = new List<Task>();
    for (var b = 0; b < count; b++)
    {
        var due = TimeSpan.FromMilliseconds(b * 51.2);
        if (due > clock.Elapsed)
        {
            await Task.Delay(due - clock.Elapsed, cancel);
        }
        var index = b;
        sends.Add(Task.Run(async () =>
        {
            var (status, ms) = await PostAsync(tenant, bodies[index]);
            latencies[index] = ms;
            if (status != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref failures);
            }
        }, cancel));
    }
    await Task.WhenAll(sends);
    var seconds = clock.Elapsed.TotalSeconds;
    Array.Sort(latencies);
    double P(double q) => latencies[(int)Math.Ceiling(q * latencies.Length) - 1];
    return $"paced 10,000 spans/s for {seconds:0.0} s: p50 {P(0.5):0.0} ms, p99 {P(0.99):0.0} ms, max {latencies[^1]:0.0} ms; non-200 {failures}; "
        + $"stored {await StoredAsync(tenant)} of {(long)count * SpanBatches.BatchSize}";
}

// The same rows as the redact run stored them, binary COPY straight into a table with the same columns, keys and indexes.
async Task<string> RawCopyAsync(string tenant)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync(cancel);
    using var rows = new MemoryStream();
    await using (var export = await connection.BeginRawBinaryCopyAsync($"COPY (SELECT * FROM spans WHERE tenant_id = '{tenant}') TO STDOUT (FORMAT BINARY)", cancel))
    {
        await export.CopyToAsync(rows, cancel);
    }
    await using (var create = new NpgsqlCommand(
        """
        CREATE TABLE spans_raw (LIKE spans INCLUDING DEFAULTS, PRIMARY KEY (tenant_id, trace_id, span_id, start_time));
        CREATE INDEX ON spans_raw (tenant_id, start_time);
        CREATE INDEX ON spans_raw (tenant_id, session_id, start_time) WHERE session_id IS NOT NULL;
        CREATE INDEX ON spans_raw (tenant_id, trace_id);
        CREATE INDEX ON spans_raw (tenant_id, agent_name, start_time) WHERE agent_name IS NOT NULL;
        """, connection))
    {
        await create.ExecuteNonQueryAsync(cancel);
    }
    rows.Position = 0;
    var clock = Stopwatch.StartNew();
    await using (var import = await connection.BeginRawBinaryCopyAsync("COPY spans_raw FROM STDIN (FORMAT BINARY)", cancel))
    {
        await rows.CopyToAsync(import, cancel);
    }
    var seconds = clock.Elapsed.TotalSeconds;
    var count = (long)batchCount * SpanBatches.BatchSize;
    return $"raw binary COPY of the same rows: {count} in {seconds:0.00} s = {count / seconds:0} rows/s ({rows.Length / count} bytes per row on the wire)";
}

async Task<string> BytesPerSpanAsync()
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync(cancel);
    await using (var vacuum = new NpgsqlCommand("VACUUM ANALYZE spans", connection) { CommandTimeout = 0 })
    {
        await vacuum.ExecuteNonQueryAsync(cancel);
    }
    await using var size = new NpgsqlCommand(
        """
        SELECT (SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'spans'::regclass)::bigint,
               (SELECT count(*) FROM spans), (SELECT sum(pg_column_size(attributes)) FROM spans)::bigint
        """, connection);
    await using var reader = await size.ExecuteReaderAsync(cancel);
    await reader.ReadAsync(cancel);
    var (bytes, spans, attributes) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    return $"stored: {bytes / spans} bytes per span (tables, TOAST and indexes over {spans} spans; attributes jsonb {attributes / spans} of them)";
}

// A 10,000-span session (20 batches), then its replay read 12 times (2 to warm up).
async Task<string> ReplayAsync(string tenant)
{
    for (var b = 0; b < 20; b++)
    {
        var (status, _) = await PostAsync(tenant, SpanBatches.Body(b, "long-session", start, 500));
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"replay batch {b}: HTTP {(int)status}");
        }
    }
    var times = new List<double>();
    long bytes = 0;
    var steps = 0;
    for (var round = 0; round < 12; round++)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sessions/long-session/replay");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestIdentity.Token(tenant, "traces:read"));
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request, cancel);
        var body = await response.Content.ReadAsByteArrayAsync(cancel);
        var ms = clock.Elapsed.TotalMilliseconds;
        response.EnsureSuccessStatusCode();
        if (round >= 2)
        {
            times.Add(ms);
        }
        bytes = body.Length;
        steps = JsonDocument.Parse(body).RootElement.GetProperty("stepCount").GetInt32();
    }
    times.Sort();
    return $"replay of a {steps}-step session: median {times[times.Count / 2]:0} ms, max {times[^1]:0} ms over {times.Count} reads ({bytes / 1024} KiB of JSON)";
}

try
{
    // Warm-up (JIT, pools, the redactor's recognizers) on both paths; then keep and redact alternate, so neither runs
    // only on the cold or only on the larger table.
    await SustainedAsync("warm-keep", "keep", 40);
    await SustainedAsync("warm-redact", "redact", 40);
    var lines = new List<string>
    {
        await SustainedAsync("keep-1", "keep"),
        await SustainedAsync("redact-1", "redact"),
        await SustainedAsync("redact-2", "redact"),
        await SustainedAsync("keep-2", "keep"),
    };
    lines.Add(await RawCopyAsync("redact-2"));
    lines.Add(await PacedAsync("paced", 293));
    lines.Add(await ReplayAsync("replay"));
    lines.Add(await BytesPerSpanAsync());
    Console.WriteLine(string.Join(Environment.NewLine, lines));
}
finally
{
    service.Dispose();
    await TestInfrastructure.DropDatabaseAsync(database);
}
