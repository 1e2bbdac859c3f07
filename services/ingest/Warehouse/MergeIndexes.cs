using Dapper;
using MlOps.Contracts;
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

    /// <summary>The unique key index of a merge root (upsert's conflict target, delete-insert's MERGE guarantee).</summary>
    public static string UniqueKeyName(string table) => WarehouseNames.Identifier(table + "__merge_key");

    /// <summary>The plain key index of a delete-insert root whose rows were not unique by key.</summary>
    public static string PlainKeyName(string table) => WarehouseNames.Identifier(table + "__merge_key_idx");

    /// <summary>The CREATE INDEX statement when no index of that name covers exactly these columns, else none.</summary>
    /// <param name="definition">The statement after CREATE, given the quoted index name.</param>
    public async Task<IEnumerable<string>> CreateIfMissingAsync(
        string name, IReadOnlyList<string> columns, Func<string, string> definition, CancellationToken cancellationToken) =>
        await HasAsync(name, columns, cancellationToken) ? [] : [$"CREATE {definition("IF NOT EXISTS " + Quote(name))}"];

    /// <summary>
    /// Whether the root's rows are unique by key, with a unique index to prove it: made at the first merge unless the rows
    /// already held duplicates (then the plain key index is kept, noted, and delete-insert keeps one row per key).
    /// </summary>
    public async Task<bool> TryUniqueKeyAsync(string table, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var unique = UniqueKeyName(table);
        var plain = PlainKeyName(table);
        if (await HasAsync(unique, keys, cancellationToken))
        {
            return true;
        }
        if (await NoteAsync(plain, cancellationToken) == DuplicateKeysNote && await HasAsync(plain, keys, cancellationToken))
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
            foreach (var statement in await CreateIfMissingAsync(plain, keys, name => $"INDEX {name} ON {target} ({ColumnList(keys)})",
                cancellationToken))
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

    /// <summary>Whether the index exists on exactly these columns; one on other columns (the key changed) is dropped.</summary>
    private async Task<bool> HasAsync(string name, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        var indexed = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT a.attname FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, position) " +
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum " +
            "WHERE i.indexrelid = to_regclass(@name) ORDER BY k.position",
            new { name = Table(schema, name) }, cancellationToken: cancellationToken))).ToList();
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

    private Task<string?> NoteAsync(string name, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT obj_description(to_regclass(@name), 'pg_class')", new { name = Table(schema, name) },
            cancellationToken: cancellationToken));

    private Task ExecuteAsync(string sql, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: cancellationToken));
}
