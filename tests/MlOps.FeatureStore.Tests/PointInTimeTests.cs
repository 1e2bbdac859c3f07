using System.Net;
using System.Text.Json;

namespace MlOps.FeatureStore.Tests;

/// <summary>
/// Training sets on a crafted timeline (TTL two hours). Customer 1 has values at 10:00 (1.0), 12:00 (2.0) and 14:00 (3.0);
/// customer 2 one at 09:00 (20.0); customer 4 one at 10:00 whose spend is NULL and visits a real 0; customer 3 none. The
/// expected values below follow from that timeline by hand: at or before the row's time, within the TTL, never after.
/// </summary>
[Collection(FeatureStoreCollection.Name)]
public sealed class PointInTimeTests(FeatureStoreFixture fixture)
{
    private const string Timeline = """
        (1, '2024-03-01T10:00:00Z', 1.0, 1, 'a'), (1, '2024-03-01T12:00:00Z', 2.0, 2, 'b'), (1, '2024-03-01T14:00:00Z', 3.0, 3, 'c'),
        (2, '2024-03-01T09:00:00Z', 20.0, 20, 'z'), (4, '2024-03-01T10:00:00Z', NULL, 0, 'n')
        """;

    private readonly string _tenant = FeatureStoreFixture.NewTenant();

    [Fact]
    public async Task CreateTrainingSet_CraftedTimeline_TakesTheLatestValueAtOrBeforeEachRowWithinTheTtl()
    {
        using var client = fixture.Client(_tenant);
        await CustomerFeatures.DefineAsync(fixture, client, _tenant, Timeline);
        (long Customer, string At)[] entities =
        [
            (1, "2024-03-01T11:00:00Z"), (1, "2024-03-01T12:00:00Z"), (1, "2024-03-01T13:59:59Z"), (1, "2024-03-01T09:59:00Z"),
            (2, "2024-03-01T11:00:00Z"), (2, "2024-03-01T11:00:01Z"), (3, "2024-03-01T12:00:00Z"), (4, "2024-03-01T10:30:00Z"),
            (1, "2024-03-01T16:30:00Z"),
        ];

        var (response, set) = await client.PostJsonAsync("/training-sets", new
        {
            featureService = "churn",
            entityRows = entities.Select((e, i) => new { customer_id = e.Customer, event_timestamp = e.At, label = i % 2 == 0 }),
        });
        var rows = (await client.GetJsonAsync($"/training-sets/{set.GetProperty("id").GetGuid()}/rows")).Body.GetProperty("rows").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(9, set.GetProperty("rows").GetInt64());
        // (spend, visits, segment) per entity row, in order.
        (double? Spend, long? Visits, string? Segment)[] expected =
        [
            (1.0, 1, "a"),          // 10:00 is the latest at or before 11:00
            (2.0, 2, "b"),          // a value at exactly the row's time counts
            (2.0, 2, "b"),          // 14:00 is after 13:59:59: never leaked
            (null, null, null),     // nothing before 09:59
            (20.0, 20, "z"),        // 09:00 is exactly the TTL (2 h) before 11:00
            (null, null, null),     // one second past the TTL
            (null, null, null),     // customer 3 has no values at all
            (null, 0, "n"),         // a NULL spend stays null; a real 0 stays 0
            (null, null, null),     // 14:00 is 2.5 h before 16:30: past the TTL
        ];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], (Double(rows[i], "stats__spend"), Long(rows[i], "stats__visits"), Text(rows[i], "stats__segment")));
            Assert.Equal(entities[i].Customer, rows[i].GetProperty("customer_id").GetInt64());
            Assert.Equal(i % 2 == 0, rows[i].GetProperty("label").GetBoolean());
        }
        var lineage = set.GetProperty("definition");
        Assert.Equal(["stats__spend", "stats__visits", "stats__segment"], lineage.GetProperty("featureColumns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(1, lineage.GetProperty("views")[0].GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task CreateTrainingSet_EntityTableInTheWarehouse_JoinsItsRowsAndKeepsItsLabels()
    {
        using var client = fixture.Client(_tenant);
        await CustomerFeatures.DefineAsync(fixture, client, _tenant, Timeline);
        await fixture.Warehouse.InDatasetAsync(_tenant, "shop", """
            CREATE TABLE labels (customer_id bigint, event_timestamp timestamptz, churned boolean, _dlt_load_id text, _dlt_id text);
            INSERT INTO labels VALUES (1, '2024-03-01T12:30:00Z', true, 'l', 'r1'), (2, '2024-03-01T12:30:00Z', false, 'l', 'r2')
            """, TestContext.Current.CancellationToken);

        var (response, set) = await client.PostJsonAsync("/training-sets", new { featureService = "churn", entityTable = new { dataset = "shop", table = "labels" } });
        var rows = (await client.GetJsonAsync($"/training-sets/{set.GetProperty("id").GetGuid()}/rows")).Body.GetProperty("rows").EnumerateArray()
            .OrderBy(r => r.GetProperty("customer_id").GetInt64()).ToList();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, rows.Count);
        Assert.Equal((2.0, true), (Double(rows[0], "stats__spend"), rows[0].GetProperty("churned").GetBoolean()));
        // Customer 2's only value (09:00) is 3.5 h before 12:30.
        Assert.Equal(((double?)null, false), (Double(rows[1], "stats__spend"), rows[1].GetProperty("churned").GetBoolean()));
        Assert.False(rows[0].TryGetProperty("_dlt_id", out _));
    }

    [Fact]
    public async Task CreateTrainingSet_EntityTableOfSeveralBatches_EveryRowJoinedAsAlone()
    {
        using var client = fixture.Client(_tenant);
        await CustomerFeatures.DefineAsync(fixture, client, _tenant, Timeline);
        // 252 rows, three batches of 100 (the fixture's TrainingSetBatchRows): the crafted cases of the first test, repeated.
        (long Customer, string At, double? Spend)[] cases =
        [
            (1, "2024-03-01T11:00:00Z", 1.0), (1, "2024-03-01T13:59:59Z", 2.0), (1, "2024-03-01T09:59:00Z", null),
            (2, "2024-03-01T11:00:00Z", 20.0), (2, "2024-03-01T11:00:01Z", null), (3, "2024-03-01T12:00:00Z", null),
            (1, "2024-03-01T16:30:00Z", null),
        ];
        var values = string.Join(", ", Enumerable.Range(0, 252).Select(n => $"({n}, {cases[n % cases.Length].Customer}, '{cases[n % cases.Length].At}', 'l', 'r{n}')"));
        await fixture.Warehouse.InDatasetAsync(_tenant, "shop", $"""
            CREATE TABLE many (n int, customer_id bigint, event_timestamp timestamptz, _dlt_load_id text, _dlt_id text);
            INSERT INTO many VALUES {values}
            """, TestContext.Current.CancellationToken);

        var (response, set) = await client.PostJsonAsync("/training-sets", new { featureService = "churn", entityTable = new { dataset = "shop", table = "many" } });
        var id = set.GetProperty("id").GetGuid();
        var rows = new List<JsonElement>();
        for (var offset = 0; offset < 252; offset += 100)
        {
            rows.AddRange((await client.GetJsonAsync($"/training-sets/{id}/rows?offset={offset}&limit=100")).Body.GetProperty("rows").EnumerateArray());
        }

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(252, set.GetProperty("rows").GetInt64());
        Assert.Equal(Enumerable.Range(0, 252), rows.Select(r => r.GetProperty("n").GetInt32()).Order());
        Assert.All(rows, row => Assert.Equal(cases[row.GetProperty("n").GetInt32() % cases.Length].Spend, Double(row, "stats__spend")));
    }

    [Fact]
    public async Task CreateTrainingSet_BadRowInALaterBatch_400NamingItsRowAndNoSetKept()
    {
        using var client = fixture.Client(_tenant);
        await CustomerFeatures.DefineAsync(fixture, client, _tenant, Timeline);
        await fixture.Warehouse.InDatasetAsync(_tenant, "shop", """
            CREATE TABLE late (customer_id bigint, event_timestamp timestamptz, _dlt_load_id text, _dlt_id text);
            INSERT INTO late SELECT 1, CASE WHEN n = 205 THEN NULL ELSE timestamptz '2024-03-01T11:00:00Z' END, 'l', 'r' || n
            FROM generate_series(0, 249) AS n ORDER BY n
            """, TestContext.Current.CancellationToken);

        var (response, problem) = await client.PostJsonAsync("/training-sets", new { featureService = "churn", entityTable = new { dataset = "shop", table = "late" } });
        var sets = (await client.GetJsonAsync("/training-sets")).Body;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        // Row 205 is in the third batch: its place in the whole table is named, and the two batches before it are not kept.
        Assert.StartsWith("entityTable[205].event_timestamp: Every entity row needs an event timestamp", problem.Detail());
        Assert.Equal(0, sets.GetArrayLength());
    }

    [Fact]
    public async Task CreateTrainingSet_BadInput_400NamingTheField()
    {
        using var client = fixture.Client(_tenant);
        await CustomerFeatures.DefineAsync(fixture, client, _tenant, Timeline);

        var noTimestamp = await client.PostJsonAsync("/training-sets", new { featureService = "churn", entityRows = new[] { new { customer_id = 1 } } });
        var badTimestamp = await client.PostJsonAsync("/training-sets", new
        {
            featureService = "churn", entityRows = new[] { new { customer_id = 1, event_timestamp = "yesterday" } },
        });
        var noKey = await client.PostJsonAsync("/training-sets", new { featureService = "churn", entityRows = new[] { new { event_timestamp = "2024-03-01T10:00:00Z" } } });
        var badKey = await client.PostJsonAsync("/training-sets", new
        {
            featureService = "churn", entityRows = new[] { new { customer_id = "abc", event_timestamp = "2024-03-01T10:00:00Z" } },
        });
        var unknownService = await client.PostJsonAsync("/training-sets", new
        {
            featureService = "fraud", entityRows = new[] { new { customer_id = 1, event_timestamp = "2024-03-01T10:00:00Z" } },
        });
        var missingTable = await client.PostJsonAsync("/training-sets", new { featureService = "churn", entityTable = new { dataset = "shop", table = "nope" } });
        var both = await client.PostJsonAsync("/training-sets", new { featureService = "churn" });

        Assert.All(new[] { noTimestamp, badTimestamp, noKey, badKey, unknownService, missingTable, both },
            r => Assert.Equal(HttpStatusCode.BadRequest, r.Response.StatusCode));
        Assert.StartsWith("entityRows[0].event_timestamp: Every entity row needs an event timestamp", noTimestamp.Body.Detail());
        Assert.Equal("entityRows[0].event_timestamp: 'yesterday' is not an ISO 8601 timestamp.", badTimestamp.Body.Detail());
        Assert.StartsWith("entityRows[0].customer_id:", noKey.Body.Detail());
        Assert.StartsWith("entityRows: A join key value does not fit its column in feature view 'stats'", badKey.Body.Detail());
        Assert.Equal("featureService: The tenant has no feature service 'fraud'.", unknownService.Body.Detail());
        Assert.Equal("entityTable.table: Dataset 'shop' has no table 'nope' (or the feature store may not read it).", missingTable.Body.Detail());
        Assert.StartsWith("entityRows: Give the entity table either", both.Body.Detail());
    }

    private static double? Double(JsonElement row, string column) =>
        row.GetProperty(column).ValueKind == JsonValueKind.Null ? null : row.GetProperty(column).GetDouble();

    private static long? Long(JsonElement row, string column) =>
        row.GetProperty(column).ValueKind == JsonValueKind.Null ? null : row.GetProperty(column).GetInt64();

    private static string? Text(JsonElement row, string column) =>
        row.GetProperty(column).ValueKind == JsonValueKind.Null ? null : row.GetProperty(column).GetString();
}
