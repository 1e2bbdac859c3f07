using Microsoft.Extensions.Logging;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Tests.RestApi;
using MlOps.Ingest.Warehouse;
using static MlOps.Ingest.Tests.Warehouse.TestTables;

namespace MlOps.Ingest.Tests.Warehouse;

/// <summary>
/// Loads of several 10,000-row batches, so a merge root without child tables is merged chunk by chunk during the load: the
/// result must be what replaying every row in load order gives (a key's last row wins, a hard delete removes it).
/// </summary>
public sealed class MergeChunkTests(WarehouseDatabase db) : IClassFixture<WarehouseDatabase>
{
    private const int BatchRows = 10_000;

    /// <summary>The second load, batch by batch: keys repeat within a batch, across batches, and are deleted then inserted again.</summary>
    private static List<List<object?[]>> SecondLoad(string load)
    {
        var first = Enumerable.Range(0, BatchRows).Select(i => Row(i, "b1", null, load)).ToList();
        first.Add(Row(5, "b1-again", null, load));
        var second = Enumerable.Range(5_000, BatchRows).Select(i => Row(i, "b2", null, load)).ToList();
        second.Add(Row(20_000, "gone", true, load));
        second.Add(Row(25_000, "gone", true, load));
        var third = Enumerable.Range(30_000, BatchRows).Select(i => Row(i, "b3-new", null, load)).ToList();
        third.Add(Row(20_000, "back", false, load));
        third.Add(Row(7_000, "b3", null, load));
        return [first, second, third];
    }

    private static object?[] Row(long id, string name, bool? deleted, string load) => [id, name, deleted, load, $"{load}-{id}-{name}"];

    /// <summary>The warehouse logging into <paramref name="logs"/> at every level (chunk merges log at Debug).</summary>
    private PostgresWarehouse LoggingWarehouse(CapturedLogs logs) => db.WarehouseAt(new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc),
        LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs)).CreateLogger<PostgresWarehouse>());

    /// <summary>The "merged N staged rows into" lines (event 4108): the chunks merged before the commit.</summary>
    private static List<string> ChunkMerges(CapturedLogs logs) => logs.Lines.Where(l => l.StartsWith("4108 ", StringComparison.Ordinal)).ToList();

    [Theory]
    [InlineData(MergeStrategy.DeleteInsert)]
    [InlineData(MergeStrategy.Upsert)]
    public async Task Merge_ManyBatches_SameRowsAsReplayingEveryRowInOrder(MergeStrategy strategy)
    {
        var dataset = "chunks_" + strategy.ToString().ToLowerInvariant();
        var users = MergedUsers(strategy);
        var initial = Enumerable.Range(0, 3 * BatchRows).Select(i => Row(i, "v0", null, "L1")).Chunk(BatchRows).ToList();
        await LoadAsync(db.Warehouse, Job("acme", dataset), initial.Select(b => Batch("users", new TableRows(users, b))));
        var second = SecondLoad("L2");
        var logs = new CapturedLogs();

        await LoadAsync(LoggingWarehouse(logs), Job("acme", dataset), second.Select(b => Batch("users", new TableRows(users, b))));

        var expected = new SortedDictionary<long, string>();
        foreach (var row in initial.SelectMany(b => b).Concat(second.SelectMany(b => b)))
        {
            if (row[2] is true)
            {
                expected.Remove((long)row[0]!);
            }
            else
            {
                expected[(long)row[0]!] = (string)row[1]!;
            }
        }
        var rows = await db.QueryAsync($"SELECT id, name FROM acme__{dataset}.users ORDER BY id");
        Assert.Equal(expected.Count, rows.Count);
        Assert.Equal(expected.Select(e => new object?[] { e.Key, e.Value }), rows);
        Assert.Equal("b1-again", expected[5]);
        Assert.DoesNotContain(25_000L, expected.Keys);
        // Each batch reached the chunk size, so each was merged during the load, none left for the commit.
        Assert.Equal(["10001", "10002", "10002"], ChunkMerges(logs).Select(l => l.Split(' ')[4]));
    }

    [Fact]
    public async Task Merge_FailsAfterChunksWereMerged_TargetUnchanged()
    {
        var users = MergedUsers(MergeStrategy.DeleteInsert);
        await LoadAsync(db.Warehouse, Job("acme", "chunkfail"),
            [Batch("users", new TableRows(users, Enumerable.Range(0, BatchRows).Select(i => Row(i, "v0", null, "L1")).ToList()))]);
        var bad = Enumerable.Range(0, BatchRows).Select(i => Row(i, "v1", null, "L2")).ToList();
        bad[^1] = [9_999L, "v1", "not a bool", "L2", "bad"];

        await Assert.ThrowsAsync<InvalidCastException>(() => LoadAsync(db.Warehouse, Job("acme", "chunkfail"),
        [
            Batch("users", new TableRows(users, Enumerable.Range(0, BatchRows).Select(i => Row(i, "v1", null, "L2")).ToList())),
            Batch("users", new TableRows(users, bad)),
        ]));

        Assert.Equal([[(long)BatchRows, "v0", "v0"]],
            await db.QueryAsync("SELECT count(*), min(name), max(name) FROM acme__chunkfail.users"));
    }

    [Fact]
    public async Task Merge_RootWithChildTable_ChildrenOfEachKeysLastRowOnly()
    {
        var users = MergedUsers(MergeStrategy.DeleteInsert);
        var roles = Child("users__roles", users, Column("role", DataType.Text));
        // Every key twice, in two batches of 10,000: the second row's one role replaces the first row's two.
        var batches = Enumerable.Range(0, 2).Select(round =>
        {
            var rows = Enumerable.Range(0, BatchRows).Select(i => Row(i, $"r{round}", null, "L1")).ToList();
            var children = rows.SelectMany(r => Enumerable.Range(0, 2 - round).Select(k =>
                new object?[] { $"role{round}{k}", r[4], (long)k, r[4], "L1", $"{r[4]}-{k}" })).ToList();
            return Batch("users", new TableRows(users, rows), new TableRows(roles, children));
        });

        var logs = new CapturedLogs();

        await LoadAsync(LoggingWarehouse(logs), Job("acme", "chunkchildren"), batches);

        Assert.Equal([[(long)BatchRows, "r1", "r1"]],
            await db.QueryAsync("SELECT count(*), min(name), max(name) FROM acme__chunkchildren.users"));
        Assert.Equal([[(long)BatchRows, "role10", "role10"]], await db.QueryAsync(
            "SELECT count(*), min(role), max(role) FROM acme__chunkchildren.users__roles r " +
            "JOIN acme__chunkchildren.users u ON u._dlt_id = r._dlt_root_id"));
        Assert.Equal(BatchRows, await db.CountAsync("SELECT count(*) FROM acme__chunkchildren.users__roles"));
        Assert.Empty(ChunkMerges(logs));
    }
}
