using Dapper;
using MlOps.Contracts;
using MlOps.Ingest.Loading;
using Npgsql;
using static MlOps.Ingest.Warehouse.PgSql;

namespace MlOps.Ingest.Warehouse;

/// <summary>
/// The indexes a merge relies on, looked up in the catalog first: even with IF NOT EXISTS, CREATE INDEX takes a SHARE lock on
/// the table, which waits for an autovacuum of it (up to deadlock_timeout before the autovacuum is cancelled).
/// </summary>
internal sealed class MergeIndexes(NpgsqlConnection connection, string schema)
{
    /// <summary>Left on the plain key index when the table held duplicate keys, so later merges do not try the unique one again.</summary>
    public const string DuplicateKeysNote = "mlops: duplicate keys, merged by delete-insert";

    private const string Savepoint = "merge_unique_key";

    private readonly HashSet<string> _adopted = new(StringComparer.Ordinal);

    /// <summary>The unique key index of a merge root (upsert's conflict target, delete-insert's MERGE guarantee).</summary>
    public static string UniqueKeyName(string table) => Named(table, "merge_key");

    /// <summary>The plain key index of a delete-insert root whose rows were not unique by key.</summary>
    public static string PlainKeyName(string table) => Named(table, "merge_key_idx");

    /// <summary>The index of a child table's root ids, by which a merge replaces a root row's children.</summary>
    public static string RootIdName(string table) => Named(table, "root_idx");

    /// <summary>The CREATE INDEX statement when no index of that name on the table covers exactly these columns, else none.</summary>
    /// <param name="definition">The statement after CREATE, given the quoted index name.</param>
    public async Task<IEnumerable<string>> CreateIfMissingAsync(
        string table, string name, IReadOnlyList<string> columns, Func<string, string> definition, CancellationToken cancellationToken) =>
        await HasAsync(table, name, columns, cancellationToken) ? [] : [$"CREATE {definition("IF NOT EXISTS " + Quote(name))}"];

    /// <summary>
    /// Drops the unique key index of a root now loaded by append or replace, which may load a key twice as dlt allows (a plain
    /// key index stays; the next merge decides again).
    /// </summary>
    public async Task DropUniqueKeyAsync(string table, CancellationToken cancellationToken)
    {
        foreach (var index in await IndexesOnAsync(table, [UniqueKeyName(table), Legacy(table, "merge_key")], cancellationToken))
        {
            await ExecuteAsync($"DROP INDEX {Table(schema, index)}", cancellationToken);
        }
    }

    /// <summary>The unique key index upsert's ON CONFLICT needs; rows already repeating a key (loaded by append) fail the load, naming the way out.</summary>
    public async Task RequireUniqueKeyAsync(string table, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var name = UniqueKeyName(table);
        if (await HasAsync(table, name, keys, cancellationToken))
        {
            return;
        }
        try
        {
            await ExecuteAsync($"CREATE UNIQUE INDEX IF NOT EXISTS {Quote(name)} ON {Table(schema, table)} ({ColumnList(keys)})",
                cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new LoadFailedException($"table {table} holds rows with the same primary key ({string.Join(", ", keys)}), loaded " +
                "by append or replace; upsert needs one row per key: merge with the delete-insert strategy, or remove the duplicates");
        }
    }

    /// <summary>
    /// Whether the root's rows are unique by key, with a unique index to prove it: made at the first merge unless the rows
    /// already held duplicates (then the plain key index is kept, noted, and delete-insert keeps one row per key).
    /// </summary>
    public async Task<bool> TryUniqueKeyAsync(string table, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var unique = UniqueKeyName(table);
        var plain = PlainKeyName(table);
        if (await HasAsync(table, unique, keys, cancellationToken))
        {
            return true;
        }
        await AdoptLegacyAsync(table, plain, cancellationToken);
        if (await NoteAsync(plain, cancellationToken) == DuplicateKeysNote && await HasAsync(table, plain, keys, cancellationToken))
        {
            return false;
        }
        var target = Table(schema, table);
        await ExecuteAsync($"SAVEPOINT {Savepoint}", cancellationToken);
        try
        {
            await ExecuteAsync($"CREATE UNIQUE INDEX {Quote(unique)} ON {target} ({ColumnList(keys)})", cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await ExecuteAsync($"ROLLBACK TO SAVEPOINT {Savepoint}", cancellationToken);
            foreach (var statement in await CreateIfMissingAsync(table, plain, keys,
                name => $"INDEX {name} ON {target} ({ColumnList(keys)})", cancellationToken))
            {
                await ExecuteAsync(statement, cancellationToken);
            }
            await ExecuteAsync($"COMMENT ON INDEX {Table(schema, plain)} IS '{DuplicateKeysNote}'", cancellationToken);
            return false;
        }
        await ExecuteAsync($"RELEASE SAVEPOINT {Savepoint}", cancellationToken);
        // The unique index serves every lookup the plain one did; keeping both would double the key's index writes.
        await ExecuteAsync($"DROP INDEX IF EXISTS {Table(schema, plain)}", cancellationToken);
        return true;
    }

    /// <summary>
    /// Whether the index exists on the table on exactly these columns; one on other columns (the key changed) is dropped. An
    /// index of the name before names held a `$` is renamed first.
    /// </summary>
    private async Task<bool> HasAsync(string table, string name, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        await AdoptLegacyAsync(table, name, cancellationToken);
        var indexed = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT a.attname FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, position) " +
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum " +
            "WHERE i.indexrelid = to_regclass(@name) AND i.indrelid = to_regclass(@table) ORDER BY k.position",
            new { name = Table(schema, name), table = Table(schema, table) }, cancellationToken: cancellationToken))).ToList();
        if (indexed.Count == 0)
        {
            return false;
        }
        if (indexed.SequenceEqual(columns, StringComparer.Ordinal))
        {
            return true;
        }
        await ExecuteAsync($"DROP INDEX {Table(schema, name)}", cancellationToken);
        return false;
    }

    /// <summary>Renames (or, beside the new one, drops) the table's index of the old name (`&lt;table&gt;_merge_key`, which a table could take), once a load.</summary>
    private async Task AdoptLegacyAsync(string table, string name, CancellationToken cancellationToken)
    {
        if (!_adopted.Add(name))
        {
            return;
        }
        var legacy = name == UniqueKeyName(table) ? Legacy(table, "merge_key")
            : name == PlainKeyName(table) ? Legacy(table, "merge_key_idx") : Legacy(table, "root_idx");
        var found = await IndexesOnAsync(table, [name, legacy], cancellationToken);
        if (found.Contains(legacy))
        {
            // Both exist when an older replica made the old one again: one index of each kind, not twice the index writes.
            await ExecuteAsync(found.Contains(name) ? $"DROP INDEX {Table(schema, legacy)}"
                : $"ALTER INDEX {Table(schema, legacy)} RENAME TO {Quote(name)}", cancellationToken);
        }
    }

    /// <summary>Which of the names are indexes of the table (a relation of that name elsewhere is not).</summary>
    private async Task<List<string>> IndexesOnAsync(string table, string[] names, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT c.relname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid " +
            "WHERE i.indrelid = to_regclass(@table) AND c.relname = ANY(@names)",
            new { table = Table(schema, table), names }, cancellationToken: cancellationToken))).ToList();

    /// <summary>`&lt;table&gt;$&lt;what&gt;`: snake_case table names never hold a `$`, so no table of the dataset can take the name.</summary>
    private static string Named(string table, string what) => WarehouseNames.Fit($"{table}${what}");

    /// <summary>The name before: `&lt;table&gt;_&lt;what&gt;`, which a table of that name would have taken.</summary>
    private static string Legacy(string table, string what) => WarehouseNames.Identifier($"{table}__{what}");

    private Task<string?> NoteAsync(string name, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT obj_description(to_regclass(@name), 'pg_class')", new { name = Table(schema, name) },
            cancellationToken: cancellationToken));

    private Task ExecuteAsync(string sql, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: cancellationToken));
}
