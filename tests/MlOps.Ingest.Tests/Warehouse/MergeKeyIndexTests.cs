using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using static MlOps.Ingest.Tests.Warehouse.TestTables;

namespace MlOps.Ingest.Tests.Warehouse;

/// <summary>Delete-insert merges in place (MERGE) under a unique key index; a table with duplicate keys keeps delete + insert.</summary>
public sealed class MergeKeyIndexTests(WarehouseDatabase db) : IClassFixture<WarehouseDatabase>
{
    private static TableSchema Users(WriteDisposition disposition, params ColumnSchema[] keys) =>
        Root("users", disposition, MergeStrategy.DeleteInsert,
            [.. keys, Column("name", DataType.Text), Column("deleted", DataType.Bool, hardDelete: true)]);

    private static readonly TableSchema Merged = Users(WriteDisposition.Merge, Column("id", DataType.BigInt, key: true));

    [Fact]
    public async Task DeleteInsert_NewTable_RootMadeWithFillFactorAndUniqueKeyIndexChildWithout()
    {
        var roles = Child("users__roles", Merged, Column("role", DataType.Text));
        await LoadAsync(db.Warehouse, Job("acme", "fill"),
            [Batch("users", new TableRows(Merged, [[1L, "ann", null, "L1", "u1"]]),
                new TableRows(roles, [["admin", "u1", 0L, "u1", "L1", "r1"]]))]);

        Assert.Equal([["users", new[] { "fillfactor=80" }], ["users__roles", null]], await db.QueryAsync(
            "SELECT relname::text, reloptions FROM pg_class WHERE relnamespace = 'acme__fill'::regnamespace AND relname LIKE 'users%' " +
            "AND relkind = 'r' ORDER BY relname"));
        Assert.Equal([["users$merge_key", true, "id"]], await KeyIndexesAsync("acme__fill"));
    }

    [Fact]
    public async Task DeleteInsert_ChangesAndHardDeletes_AppliedInPlaceOneRowPerKey()
    {
        await LoadAsync(db.Warehouse, Job("acme", "inplace"),
            [Batch("users", new TableRows(Merged,
                [[1L, "ann", null, "L1", "u1"], [2L, "bob", null, "L1", "u2"], [3L, "cat", null, "L1", "u3"]]))]);

        await LoadAsync(db.Warehouse, Job("acme", "inplace"),
        [
            Batch("users", new TableRows(Merged,
                [[1L, "anna", false, "L2", "u1b"], [2L, "bob", true, "L2", "u2b"], [4L, "dan", null, "L2", "u4"],
                    [5L, "eve", true, "L2", "u5"]])),
        ]);

        Assert.Equal([[1L, "anna", false, "L2", "u1b"], [3L, "cat", null, "L1", "u3"], [4L, "dan", null, "L2", "u4"]],
            await db.QueryAsync("SELECT id, name, deleted, _dlt_load_id, _dlt_id FROM acme__inplace.users ORDER BY id"));
    }

    [Fact]
    public async Task DeleteInsert_TableWithDuplicateKeys_MergedKeysEndWithOneRowAndLaterMergesStillWork()
    {
        var appended = Users(WriteDisposition.Append, Column("id", DataType.BigInt, key: true));
        await LoadAsync(db.Warehouse, Job("acme", "dups"),
            [Batch("users", new TableRows(appended,
                [[1L, "ann", null, "L1", "a"], [1L, "ann2", null, "L1", "b"], [2L, "bob", null, "L1", "c"],
                    [2L, "bob2", null, "L1", "d"]]))]);

        await LoadAsync(db.Warehouse, Job("acme", "dups"), [Batch("users", new TableRows(Merged, [[1L, "anna", null, "L2", "e"]]))]);
        await LoadAsync(db.Warehouse, Job("acme", "dups"),
            [Batch("users", new TableRows(Merged, [[1L, "annie", null, "L3", "f"], [3L, "cat", null, "L3", "g"]]))]);

        // Key 2 was never merged, so its two appended rows stay, as delete-insert leaves them.
        Assert.Equal([[1L, "annie"], [2L, "bob"], [2L, "bob2"], [3L, "cat"]],
            await db.QueryAsync("SELECT id, name FROM acme__dups.users ORDER BY id, name"));
        Assert.Equal([["users$merge_key_idx", false, "id"]], await KeyIndexesAsync("acme__dups"));
        Assert.Equal([["mlops: duplicate keys, merged by delete-insert"]],
            await db.QueryAsync("SELECT obj_description('acme__dups.\"users$merge_key_idx\"'::regclass, 'pg_class')"));
    }

    [Fact]
    public async Task DeleteInsert_PlainKeyIndexFromEarlierMerges_ReplacedByUniqueOne()
    {
        await LoadAsync(db.Warehouse, Job("acme", "legacy"),
            [Batch("users", new TableRows(Users(WriteDisposition.Append, Column("id", DataType.BigInt, key: true)),
                [[1L, "ann", null, "L1", "a"]]))]);
        await db.QueryAsync("CREATE INDEX users_merge_key_idx ON acme__legacy.users (id)");

        await LoadAsync(db.Warehouse, Job("acme", "legacy"), [Batch("users", new TableRows(Merged, [[1L, "anna", null, "L2", "b"]]))]);

        Assert.Equal([["users$merge_key", true, "id"]], await KeyIndexesAsync("acme__legacy"));
        Assert.Equal([[1L, "anna"]], await db.QueryAsync("SELECT id, name FROM acme__legacy.users"));
    }

    [Fact]
    public async Task DeleteInsert_PrimaryKeyWidened_UniqueIndexFollowsTheNewKey()
    {
        await LoadAsync(db.Warehouse, Job("acme", "rekey"), [Batch("users", new TableRows(Merged, [[1L, "ann", null, "L1", "a"]]))]);
        var byIdAndName = Root("users", WriteDisposition.Merge, MergeStrategy.DeleteInsert, Column("id", DataType.BigInt, key: true),
            Column("name", DataType.Text, key: true), Column("deleted", DataType.Bool, hardDelete: true));

        await LoadAsync(db.Warehouse, Job("acme", "rekey"),
            [Batch("users", new TableRows(byIdAndName, [[1L, "ann", null, "L2", "b"], [1L, "bob", null, "L2", "c"]]))]);

        Assert.Equal([[1L, "ann", "b"], [1L, "bob", "c"]],
            await db.QueryAsync("SELECT id, name, _dlt_id FROM acme__rekey.users ORDER BY name"));
        Assert.Equal([["users$merge_key", true, "id,name"]], await KeyIndexesAsync("acme__rekey"));
    }

    [Fact]
    public async Task DeleteInsert_DecimalKeyWithAScale_KeysEqualAfterPostgresRoundingEndAsOneRow()
    {
        // numeric(10,1): 1.21 and 1.24 differ in .NET and are both 1.2 in the table.
        var byCode = Root("codes", WriteDisposition.Merge, MergeStrategy.DeleteInsert,
            Column("code", DataType.Decimal, key: true) with { Precision = 10, Scale = 1 }, Column("name", DataType.Text));
        await LoadAsync(db.Warehouse, Job("acme", "decimal"), [Batch("codes", new TableRows(byCode, [[1.0m, "one", "L1", "a"]]))]);

        await LoadAsync(db.Warehouse, Job("acme", "decimal"),
            [Batch("codes", new TableRows(byCode, [[1.21m, "first", "L2", "b"], [1.24m, "second", "L2", "c"]]))]);

        Assert.Equal([[1.0m, "one"], [1.2m, "second"]], await db.QueryAsync("SELECT code, name FROM acme__decimal.codes ORDER BY code"));
    }

    [Fact]
    public async Task DeleteInsert_CompositeKeyRepeatedAcrossBatches_NewestRowWinsOncePerKey()
    {
        var byRegion = Root("users", WriteDisposition.Merge, MergeStrategy.DeleteInsert, Column("region", DataType.Text, key: true),
            Column("id", DataType.BigInt, key: true), Column("name", DataType.Text));
        await LoadAsync(db.Warehouse, Job("acme", "composite"), [Batch("users", new TableRows(byRegion, [["eu", 1L, "ann", "L1", "a"]]))]);

        await LoadAsync(db.Warehouse, Job("acme", "composite"),
        [
            Batch("users", new TableRows(byRegion, [["eu", 1L, "anna", "L2", "b"], ["us", 1L, "al", "L2", "c"]])),
            Batch("users", new TableRows(byRegion, [["eu", 1L, "annie", "L2", "d"]])),
        ]);

        Assert.Equal([["eu", 1L, "annie", "d"], ["us", 1L, "al", "c"]],
            await db.QueryAsync("SELECT region, id, name, _dlt_id FROM acme__composite.users ORDER BY region"));
        Assert.Equal([["users$merge_key", true, "region,id"]], await KeyIndexesAsync("acme__composite"));
    }

    [Fact]
    public async Task DeleteInsert_KeyIndexOfTheOldName_RenamedNotBuiltTwice()
    {
        await LoadAsync(db.Warehouse, Job("acme", "oldname"), [Batch("users", new TableRows(Merged, [[1L, "ann", null, "L1", "a"]]))]);
        // Indexes were named <table>_merge_key before: a deployment from then has that one.
        await db.QueryAsync("ALTER INDEX acme__oldname.\"users$merge_key\" RENAME TO users_merge_key");

        await LoadAsync(db.Warehouse, Job("acme", "oldname"), [Batch("users", new TableRows(Merged, [[1L, "anna", null, "L2", "b"]]))]);

        Assert.Equal([["users$merge_key", true, "id"]], await KeyIndexesAsync("acme__oldname"));
        Assert.Equal([[1L, "anna"]], await db.QueryAsync("SELECT id, name FROM acme__oldname.users"));
    }

    [Fact]
    public async Task DeleteInsert_TableNamedLikeTheOldIndexName_BothTablesLoad()
    {
        var named = Root("users_merge_key", WriteDisposition.Append, MergeStrategy.DeleteInsert, Column("note", DataType.Text));
        await LoadAsync(db.Warehouse, Job("acme", "clash"), [Batch("users_merge_key", new TableRows(named, [["hello", "L1", "n1"]]))]);

        await LoadAsync(db.Warehouse, Job("acme", "clash"), [Batch("users", new TableRows(Merged, [[1L, "ann", null, "L2", "a"]]))]);
        await LoadAsync(db.Warehouse, Job("acme", "clash"), [Batch("users", new TableRows(Merged, [[1L, "anna", null, "L3", "b"]]))]);

        Assert.Equal([[1L, "anna"]], await db.QueryAsync("SELECT id, name FROM acme__clash.users"));
        Assert.Equal([["hello"]], await db.QueryAsync("SELECT note FROM acme__clash.users_merge_key"));
        Assert.Equal([["users$merge_key", true, "id"]], await KeyIndexesAsync("acme__clash"));
    }

    [Fact]
    public async Task AppendAfterMerges_RepeatedKeysLoadAndTheNextMergeFallsBackToDeleteInsert()
    {
        await LoadAsync(db.Warehouse, Job("acme", "switch"), [Batch("users", new TableRows(Merged, [[1L, "ann", null, "L1", "a"]]))]);
        var appended = Users(WriteDisposition.Append, Column("id", DataType.BigInt, key: true));

        await LoadAsync(db.Warehouse, Job("acme", "switch"),
            [Batch("users", new TableRows(appended, [[1L, "ann2", null, "L2", "b"], [2L, "bob", null, "L2", "c"]]))]);

        Assert.Empty(await KeyIndexesAsync("acme__switch"));
        Assert.Equal(3, await db.CountAsync("SELECT count(*) FROM acme__switch.users"));
        await LoadAsync(db.Warehouse, Job("acme", "switch"), [Batch("users", new TableRows(Merged, [[1L, "anna", null, "L3", "d"]]))]);
        Assert.Equal([[1L, "anna"], [2L, "bob"]], await db.QueryAsync("SELECT id, name FROM acme__switch.users ORDER BY id"));
        Assert.Equal([["users$merge_key_idx", false, "id"]], await KeyIndexesAsync("acme__switch"));
    }

    [Fact]
    public async Task UpsertAfterAnAppendRepeatedKeys_FailsNamingTheDuplicatesAndKeepsTheRows()
    {
        var upserted = Users(WriteDisposition.Merge, Column("id", DataType.BigInt, key: true)) with { MergeStrategy = MergeStrategy.Upsert };
        await LoadAsync(db.Warehouse, Job("acme", "upsertdups"), [Batch("users", new TableRows(upserted, [[1L, "ann", null, "L1", "a"]]))]);
        var appended = Users(WriteDisposition.Append, Column("id", DataType.BigInt, key: true));
        await LoadAsync(db.Warehouse, Job("acme", "upsertdups"), [Batch("users", new TableRows(appended, [[1L, "ann2", null, "L2", "b"]]))]);

        var failure = await Assert.ThrowsAsync<LoadFailedException>(() => LoadAsync(db.Warehouse, Job("acme", "upsertdups"),
            [Batch("users", new TableRows(upserted, [[2L, "bob", null, "L3", "c"]]))]));

        Assert.Contains("table users holds rows with the same primary key (id)", failure.Message);
        Assert.Equal([[1L, "ann"], [1L, "ann2"]], await db.QueryAsync("SELECT id, name FROM acme__upsertdups.users ORDER BY name"));
    }

    /// <summary>The key indexes on the users table: name, unique, columns in order.</summary>
    private Task<List<object?[]>> KeyIndexesAsync(string schema) => db.QueryAsync(
        "SELECT c.relname::text, i.indisunique, (SELECT string_agg(a.attname, ',' ORDER BY k.n) " +
        "FROM unnest(i.indkey) WITH ORDINALITY k(a, n) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.a) " +
        "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid " +
        $"WHERE i.indrelid = '{schema}.users'::regclass ORDER BY 1");
}
