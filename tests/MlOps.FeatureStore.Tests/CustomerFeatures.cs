using System.Net;
using MlOps.TestSupport;

namespace MlOps.FeatureStore.Tests;

/// <summary>
/// A tenant's crafted feature data: dataset `shop`, table `customer_stats` (customer_id, event_ts, spend, visits, segment, score
/// as numeric) and the definitions over it: entity `customer`, view `stats` (TTL two hours), service `churn`.
/// </summary>
public static class CustomerFeatures
{
    public const string Table = """
        CREATE TABLE customer_stats (customer_id bigint, event_ts timestamptz, spend double precision, visits bigint, segment text,
            score numeric, note varchar(20), _dlt_load_id text, _dlt_id text)
        """;

    /// <summary>Creates the table with the given VALUES rows (customer_id, event_ts, spend, visits, segment) and the three definitions.</summary>
    public static async Task DefineAsync(FeatureStoreFixture fixture, HttpClient client, string tenant, string values, long ttlSeconds = 7200)
    {
        await fixture.Warehouse.InDatasetAsync(tenant, "shop", $"""
            {Table};
            INSERT INTO customer_stats (customer_id, event_ts, spend, visits, segment) VALUES {values}
            """, TestContext.Current.CancellationToken);
        Ok(await client.PutJsonAsync("/entities/customer", new { name = "customer", joinKeys = new[] { "customer_id" } }));
        Ok(await client.PutJsonAsync("/feature-views/stats", View(ttlSeconds)));
        Ok(await client.PutJsonAsync("/feature-services/churn", new { name = "churn", features = new[] { new { view = "stats", features = new[] { "spend", "visits", "segment" } } } }));
    }

    public static object View(long ttlSeconds, string table = "customer_stats", string spendType = "float64") => new
    {
        name = "stats", dataset = "shop", table, entities = new[] { "customer" }, timestampColumn = "event_ts", ttlSeconds,
        features = new[] { new { name = "spend", type = spendType }, new { name = "visits", type = "int64" }, new { name = "segment", type = "string" } },
    };

    private static void Ok((HttpResponseMessage Response, System.Text.Json.JsonElement Body) result) =>
        Assert.True(result.Response.StatusCode == HttpStatusCode.OK, $"{result.Response.StatusCode}: {result.Body}");
}
