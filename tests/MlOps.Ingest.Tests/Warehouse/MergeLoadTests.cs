using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using static MlOps.Ingest.Tests.Warehouse.TestTables;

namespace MlOps.Ingest.Tests.Warehouse;

public sealed class MergeLoadTests(WarehouseDatabase db) : IClassFixture<WarehouseDatabase>
{
    private static TableSchema Roles(TableSchema users) => Child("users__roles", users, Column("role", DataType.Text));

    [Theory]
    [InlineData(MergeStrategy.DeleteInsert)]
    [InlineData(MergeStrategy.Upsert)]
    public async Task Merge_DuplicateKeysAcrossBatches_LastVersionWinsWithItsChildren(MergeStrategy strategy)
    {
        var dataset = "merge_" + strategy.ToString().ToLowerInvariant();
        var users = MergedUsers(strategy);
        var roles = Roles(users);
        await LoadAsync(db.Warehouse, Job("acme", dataset),
        [
            Batch("users", new TableRows(users, [[1L, "ann", null, "L1", "u1"], [2L, "bob", null, "L1", "u2"]]),
                new TableRows(roles, [["admin", "u1", 0L, "u1", "L1", "r1"], ["dev", "u2", 0L, "u2", "L1", "r2"]])),
        ]);

        var second = Job("acme", dataset);
        var load = second.LoadId.ToString();
        await LoadAsync(db.Warehouse, second,
        [
            Batch("users", new TableRows(users, [[2L, "bobby", null, load, "u2b"], [3L, "cat", null, load, "u3"]]),
                new TableRows(roles, [["ops", "u2b", 0L, "u2b", load, "r3"]])),
            Batch("users", new TableRows(users, [[2L, "robert", null, load, "u2c"]]),
                new TableRows(roles, [["lead", "u2c", 0L, "u2c", load, "r4"], ["qa", "u2c", 1L, "u2c", load, "r5"]])),
        ]);

        var schema = "acme__" + dataset;
        Assert.Equal([[1L, "ann", "u1"], [2L, "robert", "u2c"], [3L, "cat", "u3"]],
            await db.QueryAsync($"SELECT id, name, _dlt_id FROM {schema}.users ORDER BY id"));
        Assert.Equal([["admin", "u1"], ["lead", "u2c"], ["qa", "u2c"]],
            await db.QueryAsync($"SELECT role, _dlt_root_id FROM {schema}.users__roles ORDER BY role"));
    }

    [Theory]
    [InlineData(MergeStrategy.DeleteInsert)]
    [InlineData(MergeStrategy.Upsert)]
    public async Task Merge_DuplicateKeysWithoutChildren_NewestStagedRowWinsOncePerKey(MergeStrategy strategy)
    {
        var dataset = "flat_" + strategy.ToString().ToLowerInvariant();
        var users = MergedUsers(strategy);
        await LoadAsync(db.Warehouse, Job("acme", dataset),
            [Batch("users", new TableRows(users, [[1L, "ann", null, "L1", "u1"], [2L, "bob", null, "L1", "u2"]]))]);

        // Key 2 arrives three times across two batches and key 4 twice in one: only the last of each is kept.
        await LoadAsync(db.Warehouse, Job("acme", dataset),
        [
            Batch("users", new TableRows(users, [[2L, "bobby", null, "L2", "u2b"], [4L, "dan", null, "L2", "u4"], [4L, "daniel", null, "L2", "u4b"]])),
            Batch("users", new TableRows(users, [[2L, "rob", null, "L2", "u2c"], [2L, "robert", null, "L2", "u2d"]])),
        ]);

        Assert.Equal([[1L, "ann"], [2L, "robert"], [4L, "daniel"]],
            await db.QueryAsync($"SELECT id, name FROM acme__{dataset}.users ORDER BY id"));
    }

    [Theory]
    [InlineData(MergeStrategy.DeleteInsert)]
    [InlineData(MergeStrategy.Upsert)]
    public async Task Merge_HardDeleteColumnTrue_RowAndChildrenDeleted(MergeStrategy strategy)
    {
        var dataset = "hard_" + strategy.ToString().ToLowerInvariant();
        var users = MergedUsers(strategy);
        var roles = Roles(users);
        await LoadAsync(db.Warehouse, Job("acme", dataset),
        [
            Batch("users", new TableRows(users, [[1L, "ann", null, "L1", "u1"], [2L, "bob", false, "L1", "u2"]]),
                new TableRows(roles, [["admin", "u1", 0L, "u1", "L1", "r1"]])),
        ]);

        await LoadAsync(db.Warehouse, Job("acme", dataset),
            [Batch("users", new TableRows(users, [[1L, "ann", true, "L2", "u1x"], [3L, "cat", false, "L2", "u3"]]))]);

        Assert.Equal([[2L, "bob"], [3L, "cat"]], await db.QueryAsync($"SELECT id, name FROM acme__{dataset}.users ORDER BY id"));
        Assert.Equal(0, await db.CountAsync($"SELECT count(*) FROM acme__{dataset}.users__roles"));
    }

    [Fact]
    public async Task Merge_WithoutPrimaryKey_FailsNamingTheTableAndLeavesNothing()
    {
        var table = Root("keyless", WriteDisposition.Merge, MergeStrategy.Upsert, Column("id", DataType.BigInt));

        var error = await Assert.ThrowsAsync<LoadFailedException>(() =>
            LoadAsync(db.Warehouse, Job("acme", "keyless"), [Batch("keyless", new TableRows(table, [[1L, "L", "a"]]))]));

        Assert.Equal("table keyless: merge (Upsert) needs a primary key", error.Message);
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'acme__keyless'"));
    }
}
