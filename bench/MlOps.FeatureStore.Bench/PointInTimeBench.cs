using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace MlOps.FeatureStore.Bench;

/// <summary>
/// Point-in-time join at scale: a feature table of <c>entities × rowsPerEntity</c> rows (10 float features, one row per entity
/// and day) and an entity table of labelled rows at random times, joined by the feature store's training-set API.
/// </summary>
public static class PointInTimeBench
{
    public static async Task SetUpAsync(string warehouse, int entities, int rowsPerEntity, int entityRows)
    {
        await using var connection = new NpgsqlConnection(warehouse);
        await connection.OpenAsync();
        var features = string.Join(", ", Enumerable.Range(0, 10).Select(i => $"f{i} double precision"));
        var values = string.Join(", ", Enumerable.Range(0, 10).Select(i => $"random() * {i + 1}"));
        var clock = Stopwatch.StartNew();
        // An operator indexes a feature table by its join key and event time; without it every entity row scans the table.
        await ExecuteAsync(connection, $"""
            CREATE SCHEMA IF NOT EXISTS acme__shop;
            DROP TABLE IF EXISTS acme__shop.daily_stats, acme__shop.labels;
            CREATE TABLE acme__shop.daily_stats (customer_id bigint, event_ts timestamptz, {features});
            INSERT INTO acme__shop.daily_stats
            SELECT c, timestamptz '2024-01-01' + d * interval '1 day', {values} FROM generate_series(1, {entities}) c, generate_series(0, {rowsPerEntity - 1}) d;
            CREATE INDEX ON acme__shop.daily_stats (customer_id, event_ts);
            CREATE TABLE acme__shop.labels (customer_id bigint, event_timestamp timestamptz, churned boolean);
            INSERT INTO acme__shop.labels
            SELECT 1 + floor(random() * {entities})::bigint, timestamptz '2024-01-01' + random() * interval '{rowsPerEntity + 5} days', random() < 0.2
            FROM generate_series(1, {entityRows});
            ANALYZE acme__shop.daily_stats;
            ANALYZE acme__shop.labels;
            """);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"setup: {entities * (long)rowsPerEntity} feature rows, {entityRows} entity rows in {clock.Elapsed.TotalSeconds:F1} s"));
    }

    /// <summary>The same joins in plain SQL on the same tables (nothing sent back but a count): the database's own cost.</summary>
    public static async Task BaselineAsync(string warehouse, int ttlDays)
    {
        await using var connection = new NpgsqlConnection(warehouse);
        await connection.OpenAsync();
        var features = string.Join(", ", Enumerable.Range(0, 10).Select(i => $"t.f{i}"));
        await TimeAsync(connection, "plain SQL, LATERAL (the feature store's join)", $"""
            SELECT count(f.f0) FROM acme__shop.labels e CROSS JOIN LATERAL (
                SELECT {features} FROM acme__shop.daily_stats t
                WHERE t.customer_id = e.customer_id AND t.event_ts <= e.event_timestamp AND t.event_ts >= e.event_timestamp - interval '{ttlDays} days'
                ORDER BY t.event_ts DESC LIMIT 1) f
            """);
        // The window form: both tables in one sorted pass; each entity row takes the feature row that opened its group (a
        // group starts at every feature row, so it is the latest at or before the entity row; false sorts first on ties).
        var carried = string.Join(", ", Enumerable.Range(0, 10).Select(i => $"first_value(f{i}) OVER g AS f{i}"));
        var nulls = string.Join(", ", Enumerable.Range(0, 10).Select(_ => "NULL::double precision"));
        var columns = string.Join(", ", Enumerable.Range(0, 10).Select(i => $"f{i}"));
        await TimeAsync(connection, "plain SQL, window join (one sort of both tables)", $"""
            SELECT count(f0) FROM (
                SELECT is_entity, event_ts, first_value(feature_ts) OVER g AS feature_ts, {carried}
                FROM (
                    SELECT u.*, count(feature_ts) OVER (PARTITION BY customer_id ORDER BY event_ts, is_entity) AS grp
                    FROM (
                        SELECT customer_id, event_ts, event_ts AS feature_ts, {columns}, false AS is_entity FROM acme__shop.daily_stats
                        UNION ALL
                        SELECT customer_id, event_timestamp, NULL, {nulls}, true FROM acme__shop.labels) u) c
                WINDOW g AS (PARTITION BY customer_id, grp ORDER BY event_ts, is_entity)) j
            WHERE is_entity AND feature_ts >= event_ts - interval '{ttlDays} days'
            """);
    }

    public static async Task RunAsync(Uri baseUrl, string token, int ttlDays, int servicePid)
    {
        using var http = new HttpClient
        {
            BaseAddress = baseUrl, Timeout = TimeSpan.FromHours(1),
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        };
        (await http.PutAsJsonAsync("/entities/customer", new { joinKeys = new[] { "customer_id" } })).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync("/feature-views/daily", new
        {
            dataset = "shop", table = "daily_stats", entities = new[] { "customer" }, timestampColumn = "event_ts", ttlSeconds = 86400 * ttlDays,
            features = Enumerable.Range(0, 10).Select(i => new { name = $"f{i}", type = "float64" }),
        })).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync("/feature-services/pit", new { features = new[] { new { view = "daily" } } })).EnsureSuccessStatusCode();
        var before = Peak(servicePid);
        var clock = Stopwatch.StartNew();
        using var response = await http.PostAsJsonAsync("/training-sets", new { featureService = "pit", entityTable = new { dataset = "shop", table = "labels" } });
        var elapsed = clock.Elapsed;
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"training set: {(int)response.StatusCode} {body}");
        }
        var rows = body.GetProperty("rows").GetInt64();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"feature store training set: {rows} rows in {elapsed.TotalSeconds:F1} s ({rows / elapsed.TotalSeconds:F0} rows/s); service VmHWM {before} -> {Peak(servicePid)}"));
    }

    private static string Peak(int pid) =>
        File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))?["VmHWM:".Length..].Trim() ?? "?";

    private static async Task TimeAsync(NpgsqlConnection connection, string name, string sql)
    {
        var clock = Stopwatch.StartNew();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        var count = await command.ExecuteScalarAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {count} rows with a value, {clock.Elapsed.TotalSeconds:F1} s"));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}
