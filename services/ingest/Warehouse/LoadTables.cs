using Dapper;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using Npgsql;
using static MlOps.Ingest.Warehouse.PgSql;

namespace MlOps.Ingest.Warehouse;

/// <summary>The tables of an open load: creates and alters them to match the evolving schema, clears replaced trees, stages merges.</summary>
internal sealed class LoadTables(NpgsqlConnection connection, string schema, DatasetSchema? committed)
{
    /// <summary>A merge root table's fill factor (PostgreSQL's default: 100); see docs/benchmarks.md, incremental replication.</summary>
    public const int MergeFillFactor = 80;

    private readonly Dictionary<string, LoadTable> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TableSchema> _known =
        committed?.Tables.Values.ToDictionary(t => t.Name, StringComparer.Ordinal) ?? new(StringComparer.Ordinal);
    private readonly HashSet<string> _cleared = new(StringComparer.Ordinal);
    private int _staged;

    public IEnumerable<LoadTable> All => _tables.Values;

    public LoadTable? Find(string name) => _tables.GetValueOrDefault(name);

    /// <summary>Learns the batch's tables and clears a replaced tree (the root and its child tables) at its first batch.</summary>
    public async Task PrepareAsync(IReadOnlyList<TableRows> tables, CancellationToken cancellationToken)
    {
        foreach (var rows in tables)
        {
            _known[rows.Table.Name] = rows.Table;
        }
        foreach (var rows in tables)
        {
            var root = RootOf(rows.Table);
            if (root.Disposition == WriteDisposition.Replace && _cleared.Add(root.Name))
            {
                var tree = await ExistingAsync(_known.Values.Where(t => RootOf(t).Name == root.Name).Select(t => t.Name), cancellationToken);
                if (tree.Count > 0)
                {
                    await ExecuteAsync($"TRUNCATE {string.Join(", ", tree.Select(t => Table(schema, t)))}", cancellationToken);
                }
            }
        }
    }

    public async Task<LoadTable> EnsureAsync(TableSchema schemaOfTable, CancellationToken cancellationToken)
    {
        var root = RootOf(schemaOfTable);
        if (!_tables.TryGetValue(schemaOfTable.Name, out var table))
        {
            table = new LoadTable(schemaOfTable.Name, root);
            foreach (var column in await ReadColumnsAsync(schemaOfTable.Name, cancellationToken))
            {
                table.Add(column);
            }
            _tables.Add(table.Name, table);
            if (table.IsRoot && table.Columns.Count > 0 && root.Disposition != WriteDisposition.Merge)
            {
                await new MergeIndexes(connection, schema).DropUniqueKeyAsync(table.Name, cancellationToken);
            }
        }
        table.Root = root;
        table.Latest = schemaOfTable;
        var merge = root.Disposition == WriteDisposition.Merge;
        if (merge && table.IsRoot && root.MergeStrategy != MergeStrategy.Scd2 && !schemaOfTable.Columns.Any(c => c.PrimaryKey))
        {
            throw new LoadFailedException($"table {table.Name}: merge ({root.MergeStrategy}) needs a primary key");
        }
        var wanted = schemaOfTable.Columns.AsEnumerable();
        if (merge && table.IsRoot && root.MergeStrategy == MergeStrategy.Scd2)
        {
            wanted = wanted.Concat([Scd2Column("_dlt_valid_from"), Scd2Column("_dlt_valid_to")]);
        }
        var missing = wanted.Where(c => !table.Has(c.Name)).DistinctBy(c => c.Name).ToList();
        if (table.Columns.Count == 0)
        {
            var definitions = missing.Select(c => $"{Quote(c.Name)} {TypeOf(c)}{(c.Nullable ? "" : " NOT NULL")}");
            // A merge root's rows change in place: room left on each page lets PostgreSQL update them there (HOT), index untouched.
            var storage = merge && table.IsRoot ? $" WITH (fillfactor = {MergeFillFactor})" : "";
            await ExecuteAsync($"CREATE TABLE {Table(schema, table.Name)} ({string.Join(", ", definitions)}){storage}", cancellationToken);
        }
        else if (missing.Count > 0)
        {
            var additions = string.Join(", ", missing.Select(c => $"ADD COLUMN {Quote(c.Name)} {TypeOf(c)}"));
            await ExecuteAsync($"ALTER TABLE {Table(schema, table.Name)} {additions}", cancellationToken);
            if (table.Staging is { } staging)
            {
                await ExecuteAsync($"ALTER TABLE {staging} {additions}", cancellationToken);
            }
        }
        foreach (var column in missing)
        {
            table.Add(column);
        }
        if (merge && table.Staging is null)
        {
            table.Staging = $"pg_temp._stg_{++_staged}";
            await ExecuteAsync(
                $"CREATE TEMP TABLE _stg_{_staged} (LIKE {Table(schema, table.Name)}) ON COMMIT DROP; " +
                $"ALTER TABLE {table.Staging} ADD COLUMN _stg_seq bigint GENERATED ALWAYS AS IDENTITY", cancellationToken);
        }
        return table;
    }

    /// <summary>The child tables of a root that exist in the warehouse.</summary>
    public Task<IReadOnlyList<string>> ExistingDescendantsAsync(string root, CancellationToken cancellationToken) =>
        ExistingAsync(_known.Values.Where(t => t.Name != root && RootOf(t).Name == root).Select(t => t.Name), cancellationToken);

    private TableSchema RootOf(TableSchema table)
    {
        var seen = 0;
        while (table.Parent is { } parent && _known.TryGetValue(parent, out var parentTable) && seen++ < 64)
        {
            table = parentTable;
        }
        return table;
    }

    private static ColumnSchema Scd2Column(string name) => new() { Name = name, Type = DataType.Timestamp };

    private async Task<IReadOnlyList<string>> ExistingAsync(IEnumerable<string> names, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = @schema AND table_name = ANY(@names) " +
            "ORDER BY table_name", new { schema, names = names.ToArray() }, cancellationToken: cancellationToken))).ToList();

    private async Task<IEnumerable<ColumnSchema>> ReadColumnsAsync(string table, CancellationToken cancellationToken)
    {
        var columns = await connection.QueryAsync<(string Name, string Type)>(new CommandDefinition(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = @schema AND table_name = @table " +
            "ORDER BY ordinal_position", new { schema, table }, cancellationToken: cancellationToken));
        return columns.Select(c => new ColumnSchema { Name = c.Name, Type = FromPostgres(c.Type) });
    }

    private static DataType FromPostgres(string type) => type switch
    {
        "boolean" => DataType.Bool,
        "bigint" => DataType.BigInt,
        "double precision" => DataType.Double,
        "numeric" => DataType.Decimal,
        "timestamp with time zone" => DataType.Timestamp,
        "date" => DataType.Date,
        "jsonb" => DataType.Json,
        _ => DataType.Text,
    };

    private Task ExecuteAsync(string sql, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: cancellationToken));
}
