using Dapper;
using MlOps.Contracts;
using MlOps.Ingest.Loading;
using Npgsql;
using static MlOps.Ingest.Warehouse.PgSql;

namespace MlOps.Ingest.Warehouse;

/// <summary>Moves a merged table tree from its staging tables into the targets at the end of a load (dlt's merge strategies).</summary>
internal sealed class MergeFinisher(NpgsqlConnection connection, string schema, string loadId, DateTime loadTime)
{
    /// <summary>The merge transaction's work_mem: hash tables of a few million staged keys, once per load.</summary>
    private const string MergeWorkMemory = "64MB";

    /// <summary>Below this many staged rows per target page, the delete probes the key index (measured: 20 % of a 1M-row target).</summary>
    private const long RowsPerTargetPage = 20;

    private static readonly string[] ProbeByIndex = ["SET LOCAL enable_hashjoin = off", "SET LOCAL enable_mergejoin = off"];

    private static readonly string[] PlannerDefaults = ["SET LOCAL enable_hashjoin TO DEFAULT", "SET LOCAL enable_mergejoin TO DEFAULT"];

    private readonly MergeIndexes _indexes = new(connection, schema);

    /// <param name="root">The merged root table, staged.</param>
    /// <param name="descendants">Every existing child table of the root, by name.</param>
    /// <param name="stagedChildren">The child tables that got rows in this load.</param>
    public async Task FinishAsync(
        LoadTable root, IReadOnlyList<string> descendants, IReadOnlyList<LoadTable> stagedChildren, CancellationToken cancellationToken)
    {
        var schemaOfRoot = root.Latest ?? root.Root;
        var target = Table(schema, root.Name);
        var staging = root.Staging!;
        var columns = ColumnList(root.Columns.Select(c => c.Name));
        var selected = string.Join(", ", root.Columns.Select(c => "s." + Quote(c.Name)));
        var keys = schemaOfRoot.Columns.Where(c => c.PrimaryKey).Select(c => c.Name).ToList();
        var keyList = ColumnList(keys);
        var keyJoin = string.Join(" AND ", keys.Select(k => $"t.{Quote(k)} = s.{Quote(k)}"));
        var hard = schemaOfRoot.Columns.FirstOrDefault(c => c.HardDelete && root.Has(c.Name));
        var notHard = hard is null ? "TRUE" : $"NOT ({HardDeleteCondition(hard, "s")})";
        var winners = staging + "_win";
        var scd2 = root.Root.MergeStrategy == MergeStrategy.Scd2;
        var sql = new List<string>();
        // The planner needs the staged row count and key spread to pick its joins; only the join columns are sampled.
        sql.Add($"ANALYZE {staging} ({(scd2 ? "_dlt_id" : keyList)})");
        // The default 4 MB spills the staged keys' hash tables to disk; this much, for this transaction only, keeps them in memory.
        sql.Add($"SET LOCAL work_mem = '{MergeWorkMemory}'");
        var unique = root.Root.MergeStrategy == MergeStrategy.DeleteInsert
            && await _indexes.TryUniqueKeyAsync(root.Name, keys, cancellationToken);
        // Under a unique key (MERGE, ON CONFLICT) a repeated staged key the writer missed fails the load instead of doubling a row.
        var keysRepeat = root.Keys.MayRepeat(keys) || !(unique || root.Root.MergeStrategy == MergeStrategy.Upsert);
        if (!scd2 && keysRepeat)
        {
            // The newest staged row of a key wins; duplicates are rare, so a narrow aggregate beats sorting every staged row.
            var duplicateJoin = string.Join(" AND ", keys.Select(k => $"s.{Quote(k)} = d.{Quote(k)}"));
            sql.Add($"DELETE FROM {staging} s USING (SELECT {keyList}, max(_stg_seq) AS newest FROM {staging} GROUP BY {keyList} " +
                $"HAVING count(*) > 1) d WHERE {duplicateJoin} AND s._stg_seq < d.newest");
        }
        var latestByKey = $"{staging} s";
        // Only staged children need the surviving root ids kept aside.
        var keepWinners = stagedChildren.Count > 0;
        var deleteChildren = new List<string>();
        foreach (var d in descendants)
        {
            deleteChildren.AddRange(await _indexes.CreateIfMissingAsync(d, MergeIndexes.RootIdName(d), ["_dlt_root_id"],
                name => $"INDEX {name} ON {Table(schema, d)} (_dlt_root_id)", cancellationToken));
            deleteChildren.Add($"DELETE FROM {Table(schema, d)} c USING {target} t, {staging} s WHERE c._dlt_root_id = t._dlt_id AND {keyJoin}");
        }
        switch (root.Root.MergeStrategy)
        {
            case MergeStrategy.DeleteInsert:
                if (keepWinners)
                {
                    sql.Add($"CREATE TEMP TABLE {winners[8..]} ON COMMIT DROP AS SELECT s._dlt_id FROM {latestByKey} WHERE {notHard}");
                }
                sql.AddRange(deleteChildren);
                var probe = await FewStagedAsync(target, root.StagedRows, cancellationToken);
                sql.AddRange(probe ? ProbeByIndex : []);
                if (unique)
                {
                    // One row per key is proven, so changing rows in place gives delete-insert's result with half the writes
                    // (HOT updates where the merge table's fillfactor left room on the page).
                    var matched = string.Join(", ",
                        root.Columns.Where(c => !keys.Contains(c.Name)).Select(c => $"{Quote(c.Name)} = s.{Quote(c.Name)}"));
                    var deleteMatched = hard is null ? "" : $"WHEN MATCHED AND {HardDeleteCondition(hard, "s")} THEN DELETE ";
                    sql.Add($"MERGE INTO {target} t USING {staging} s ON {keyJoin} {deleteMatched}WHEN MATCHED THEN UPDATE SET {matched} " +
                        $"WHEN NOT MATCHED AND {notHard} THEN INSERT ({columns}) VALUES ({selected})");
                }
                else
                {
                    sql.Add($"DELETE FROM {target} t USING {staging} s WHERE {keyJoin}");
                    sql.Add($"INSERT INTO {target} ({columns}) SELECT {selected} FROM {latestByKey} WHERE {notHard}");
                }
                // The children's inserts below join the winners: the planner chooses for those again.
                sql.AddRange(probe ? PlannerDefaults : []);
                break;
            case MergeStrategy.Upsert:
                var updates = root.Columns.Where(c => !keys.Contains(c.Name)).Select(c => $"{Quote(c.Name)} = EXCLUDED.{Quote(c.Name)}");
                await _indexes.RequireUniqueKeyAsync(root.Name, keys, cancellationToken);
                if (keepWinners)
                {
                    sql.Add($"CREATE TEMP TABLE {winners[8..]} ON COMMIT DROP AS SELECT s._dlt_id FROM {latestByKey} WHERE {notHard}");
                }
                sql.AddRange(deleteChildren);
                if (hard is not null)
                {
                    sql.Add($"DELETE FROM {target} t USING {latestByKey} WHERE {keyJoin} AND {HardDeleteCondition(hard, "s")}");
                }
                sql.Add($"INSERT INTO {target} ({columns}) SELECT {selected} FROM {latestByKey} WHERE {notHard} " +
                    $"ON CONFLICT ({keyList}) DO UPDATE SET {string.Join(", ", updates)}");
                break;
            default:
                var versions = string.Join(", ", root.Columns.Select(c => c.Name switch
                {
                    "_dlt_valid_from" => "@loadTime",
                    "_dlt_valid_to" => "NULL",
                    _ => "s." + Quote(c.Name),
                }));
                var newVersions = $"(SELECT DISTINCT ON (_dlt_id) * FROM {staging} ORDER BY _dlt_id, _stg_seq DESC) s " +
                    $"WHERE NOT EXISTS (SELECT 1 FROM {target} t WHERE t._dlt_id = s._dlt_id AND t._dlt_valid_to IS NULL)";
                sql.Add($"CREATE TEMP TABLE {winners[8..]} ON COMMIT DROP AS SELECT s._dlt_id FROM {newVersions}");
                // A version absent from this full extract (gone or changed) is retired; new content becomes a new version.
                sql.Add($"UPDATE {target} t SET _dlt_valid_to = @loadTime WHERE t._dlt_valid_to IS NULL " +
                    $"AND NOT EXISTS (SELECT 1 FROM {staging} s WHERE s._dlt_id = t._dlt_id)");
                sql.Add($"INSERT INTO {target} ({columns}) SELECT {versions} FROM {newVersions}");
                break;
        }
        foreach (var child in stagedChildren)
        {
            var childColumns = ColumnList(child.Columns.Select(c => c.Name));
            sql.Add($"INSERT INTO {Table(schema, child.Name)} ({childColumns}) SELECT {childColumns} FROM {child.Staging} " +
                $"WHERE _dlt_root_id IN (SELECT _dlt_id FROM {winners})");
        }
        foreach (var statement in sql)
        {
            await connection.ExecuteAsync(new CommandDefinition(statement, new { loadId, loadTime }, cancellationToken: cancellationToken));
        }
    }

    /// <summary>
    /// Whether the staged rows are few against the target (under <see cref="RowsPerTargetPage"/> per target page): then probing
    /// the key index for each staged key beats hashing them and scanning the whole target, which the planner picks regardless.
    /// </summary>
    private async Task<bool> FewStagedAsync(string target, long staged, CancellationToken cancellationToken)
    {
        var pages = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT pg_relation_size(@target::regclass) / current_setting('block_size')::bigint", new { target },
            cancellationToken: cancellationToken));
        return staged < pages * RowsPerTargetPage;
    }
}
