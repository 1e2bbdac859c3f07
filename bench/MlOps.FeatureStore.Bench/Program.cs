using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.FeatureStore.Bench;
using Npgsql;

// Online lookup of 10 features for one entity at a fixed rate (open loop), against the feature store directly.
//   setup <warehouse connection> <entities>        writes acme__shop.customer_stats: 10 feature columns, 3 rows per entity
//   run <base url> <token> <seconds> <rate> <entities>   defines, materializes, then looks up; /alive at the same rate as a baseline
//   pit-setup <warehouse> <entities> <rows per entity> <entity rows>   a feature table and an entity table for a point-in-time join
//   pit-baseline <warehouse> <ttl days>                 the same join in plain SQL (LATERAL, and the window form)
//   pit-run <base url> <token> <ttl days> <service pid>   builds the training set through the API; time and the service's peak memory
switch (args)
{
    case ["setup", var warehouse, var entities]:
        await SetUpAsync(warehouse, int.Parse(entities, CultureInfo.InvariantCulture));
        return 0;
    case ["run", var baseUrl, var token, var seconds, var rate, var entities]:
        await RunAsync(new Uri(baseUrl), token, int.Parse(seconds, CultureInfo.InvariantCulture), int.Parse(rate, CultureInfo.InvariantCulture),
            int.Parse(entities, CultureInfo.InvariantCulture));
        return 0;
    case ["pit-setup", var warehouse, var entities, var perEntity, var entityRows]:
        await PointInTimeBench.SetUpAsync(warehouse, Int(entities), Int(perEntity), Int(entityRows));
        return 0;
    case ["pit-baseline", var warehouse, var ttlDays]:
        await PointInTimeBench.BaselineAsync(warehouse, Int(ttlDays));
        return 0;
    case ["pit-run", var baseUrl, var token, var ttlDays, var pid]:
        await PointInTimeBench.RunAsync(new Uri(baseUrl), token, Int(ttlDays), Int(pid));
        return 0;
    default:
        Console.Error.WriteLine("usage: setup <warehouse> <entities> | run <url> <token> <seconds> <rate> <entities> | pit-setup … | pit-baseline … | pit-run …");
        return 2;
}

static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

static async Task SetUpAsync(string warehouse, int entities)
{
    await using var connection = new NpgsqlConnection(warehouse);
    await connection.OpenAsync();
    var features = string.Join(", ", Enumerable.Range(0, 10).Select(i => $"f{i} double precision"));
    var values = string.Join(", ", Enumerable.Range(0, 10).Select(i => $"random() * {i + 1}"));
    await using var command = new NpgsqlCommand($"""
        CREATE SCHEMA IF NOT EXISTS acme__shop;
        DROP TABLE IF EXISTS acme__shop.customer_stats;
        CREATE TABLE acme__shop.customer_stats (customer_id bigint, event_ts timestamptz, {features});
        INSERT INTO acme__shop.customer_stats
        SELECT c, now() - (h || ' hours')::interval, {values} FROM generate_series(1, {entities}) c, generate_series(1, 3) h;
        """, connection);
    await command.ExecuteNonQueryAsync();
}

static async Task RunAsync(Uri baseUrl, string token, int seconds, int rate, int entities)
{
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 })
    {
        BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };
    (await http.PutAsJsonAsync("/entities/customer", new { joinKeys = new[] { "customer_id" } })).EnsureSuccessStatusCode();
    (await http.PutAsJsonAsync("/feature-views/stats", new
    {
        dataset = "shop", table = "customer_stats", entities = new[] { "customer" }, timestampColumn = "event_ts", ttlSeconds = 86400 * 30,
        features = Enumerable.Range(0, 10).Select(i => new { name = $"f{i}", type = "float64" }),
    })).EnsureSuccessStatusCode();
    (await http.PutAsJsonAsync("/feature-services/bench", new { features = new[] { new { view = "stats" } } })).EnsureSuccessStatusCode();
    var clock = Stopwatch.StartNew();
    var run = await (await http.PostAsJsonAsync("/materializations", new { })).Content.ReadFromJsonAsync<JsonElement>();
    var id = run.GetProperty("id").GetGuid();
    while (run.GetProperty("status").GetString() is "queued" or "running")
    {
        await Task.Delay(50);
        run = await http.GetFromJsonAsync<JsonElement>($"/materializations/{id}");
    }
    var rows = run.GetProperty("rowsRead").GetInt64();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"materialization: {run.GetProperty("status").GetString()}, {rows} entities (latest of {rows * 3} rows) in {clock.Elapsed.TotalSeconds:F2} s (incl. polling every 50 ms)"));
    // Warm up: connections, prepared statements, JIT.
    await OpenLoad.RunAsync(http, 5, rate, entities, lookup: true);
    Report.Latencies("lookup (10 features, 1 entity)", await OpenLoad.RunAsync(http, seconds, rate, entities, lookup: true));
    Report.Latencies("baseline GET /alive", await OpenLoad.RunAsync(http, seconds, rate, entities, lookup: false));
}
