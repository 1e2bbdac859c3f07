using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using static MlOps.Ingest.Tests.Warehouse.TestTables;

namespace MlOps.Ingest.Tests.Warehouse;

public sealed class QualityAndQuarantineTests(WarehouseDatabase db) : IClassFixture<WarehouseDatabase>
{
    private static readonly TableSchema Tickets = Root("tickets", WriteDisposition.Append, MergeStrategy.DeleteInsert,
        Column("id", DataType.BigInt), Column("status", DataType.Text), Column("opened", DataType.Timestamp));

    private static Dictionary<string, IReadOnlyList<QualityCheck>> Checks(params QualityCheck[] checks) => new() { ["tickets"] = checks };

    private static NormalizedBatch Rows(LoadJob job)
    {
        var load = job.LoadId.ToString();
        var opened = new DateTime(2024, 5, 1, 9, 30, 0, DateTimeKind.Utc);
        return Batch("tickets", new TableRows(Tickets,
            [[1L, "new", opened, load, "a"], [2L, null, opened, load, "b"], [2L, "lost", opened, load, "c"]]));
    }

    [Fact]
    public async Task Quality_NonBlockingChecks_ResultsRecordedAndLoadCommitted()
    {
        var job = Job("acme", "quality");
        var warehouse = db.WarehouseAt(new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc));

        var outcome = await LoadAsync(warehouse, job, [Rows(job)], Checks(
            new QualityCheck { Type = "not_null", Column = "status" },
            new QualityCheck { Type = "unique", Column = "id" },
            new QualityCheck { Type = "accepted_values", Column = "status", Values = ["new", "done"] },
            new QualityCheck { Type = "row_count", Min = 1, Max = 5 },
            new QualityCheck { Type = "freshness", Column = "opened", MaxAge = TimeSpan.FromHours(1) }));

        QualityResult[] expected =
        [
            new("tickets", "not_null", "status", false, "1 null values in this load"),
            new("tickets", "unique", "id", false, "1 duplicated values"),
            new("tickets", "accepted_values", "status", false, "1 values outside the accepted list in this load"),
            new("tickets", "row_count", null, true, "3 rows in this load"),
            new("tickets", "freshness", "opened", true, "newest value 2024-05-01T09:30:00.0000000Z"),
        ];
        Assert.Equal(expected, outcome.Quality);
        var stored = await db.QueryAsync(
            "SELECT table_name, check_type, column_name, passed, detail FROM acme__quality._mlops_quality ORDER BY check_type");
        Assert.Equal(
            expected.OrderBy(q => q.Check, StringComparer.Ordinal).Select(q => new object?[] { q.Table, q.Check, q.Column, q.Passed, q.Detail }),
            stored);
        Assert.Equal(3, await db.CountAsync("SELECT count(*) FROM acme__quality.tickets"));
    }

    [Fact]
    public async Task Quality_BlockingFailure_LoadFailsNamingTheCheckAndLeavesNothing()
    {
        var job = Job("acme", "blocked");
        var warehouse = db.WarehouseAt(new DateTime(2024, 5, 3, 10, 0, 0, DateTimeKind.Utc));

        var error = await Assert.ThrowsAsync<LoadFailedException>(() => LoadAsync(warehouse, job, [Rows(job)], Checks(
            new QualityCheck { Type = "row_count", Min = 1 },
            new QualityCheck { Type = "freshness", Column = "opened", MaxAge = TimeSpan.FromDays(1), Blocking = true })));

        Assert.Equal(
            "blocking quality check freshness on tickets.opened failed: newest value 2024-05-01T09:30:00.0000000Z", error.Message);
        Assert.False(await db.ExistsAsync("acme__blocked.tickets"));
        Assert.False(await db.ExistsAsync("acme__blocked._dlt_loads"));
    }

    [Fact]
    public async Task Quality_UnknownCheckType_LoadFails()
    {
        var job = Job("acme", "unknowncheck");

        var error = await Assert.ThrowsAsync<LoadFailedException>(() =>
            LoadAsync(db.Warehouse, job, [Rows(job)], Checks(new QualityCheck { Type = "is_pretty", Column = "id" })));

        Assert.Equal("quality check is_pretty on tickets is not a known check type", error.Message);
    }

    [Fact]
    public async Task Quarantine_RowsAndValues_StoredAndCountedPerTable()
    {
        var job = Job("acme", "quarantine");
        var batch = Rows(job) with
        {
            Quarantined =
            [
                new QuarantinedRecord("tickets", "line 4", "not a JSON object", null, "[1,2]"),
                new QuarantinedRecord("tickets", "line 5", "text in a bigint column", "id", "abc"),
            ],
        };

        var outcome = await LoadAsync(db.Warehouse, job, [batch]);

        Assert.Equal([new TableLoadResult("tickets", 3, 1, 1)], outcome.Tables);
        Assert.Equal(
            [
                [job.LoadId.ToString(), "tickets", "line 4", "not a JSON object", null, "[1,2]"],
                [job.LoadId.ToString(), "tickets", "line 5", "text in a bigint column", "id", "abc"],
            ],
            await db.QueryAsync(
                "SELECT load_id, table_name, position, reason, column_name, raw FROM acme__quarantine._mlops_quarantine ORDER BY position"));
    }
}
