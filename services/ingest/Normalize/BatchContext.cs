using System.Text;
using MlOps.Contracts;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Sources;

namespace MlOps.Ingest.Normalize;

/// <summary>One batch in normalization: the tables it touches, what it quarantines, and the row ids it hands out.</summary>
internal sealed class BatchContext
{
    private readonly DatasetSchema _schema;
    private readonly IReadOnlySet<string> _createdInRun;
    private readonly List<TableState> _tables = [];

    public BatchContext(DatasetSchema schema, SourceBatch batch, ResourceHints hints, string loadId, RowIds ids,
        IReadOnlySet<string> createdInRun)
    {
        _schema = schema;
        _createdInRun = createdInRun;
        Batch = batch;
        LoadId = loadId;
        Ids = ids;
        Contract = hints.Contract;
        Assembler = new RowAssembler(hints.Contract);
        Root = RootTable.Prepare(WarehouseNames.Identifier(hints.TableName ?? batch.Resource), schema, hints, createdInRun);
        _tables.Add(Root);
    }

    public SourceBatch Batch { get; }
    public string LoadId { get; }
    public RowIds Ids { get; }
    public SchemaContract Contract { get; }
    public RowAssembler Assembler { get; }
    public TableState Root { get; }
    public List<QuarantinedRecord> Quarantined { get; } = [];

    /// <summary>A child table (from a list), inheriting the root's disposition.</summary>
    public TableState Child(string name, string parent)
    {
        var table = _tables.Find(t => t.Name == name);
        if (table is null)
        {
            if (!_schema.Tables.ContainsKey(name) && _schema.Tables.Count + _tables.Count(t => !_schema.Tables.ContainsKey(t.Name)) >= SchemaLimits.MaxTablesPerDataset)
            {
                // Each list-valued key is a child table: a source with endless distinct list keys would lock thousands of new tables.
                throw new LoadFailedException($"dataset {_schema.Name}: a new table '{name}' would pass {SchemaLimits.MaxTablesPerDataset} tables; "
                    + "the source's lists do not settle into a schema (hint the list's column as json, or freeze the tables contract)");
            }
            table = new TableState(name, parent, _schema.Tables.GetValueOrDefault(name))
            {
                Disposition = Root.Disposition,
                MergeStrategy = Root.MergeStrategy,
            };
            table.ColumnsRelaxed = !table.Exists || _createdInRun.Contains(name);
            _tables.Add(table);
        }
        return table;
    }

    public void Quarantine(string table, int item, string reason, string? column, string raw) =>
        Quarantined.Add(new QuarantinedRecord(table, Batch.PositionOf(item), reason, column, raw));

    /// <summary>The values a kept row's contract left out, each quarantined with its column.</summary>
    public void QuarantineDiscardedValues(string table, int item)
    {
        foreach (var (column, reason, raw) in Assembler.DiscardedValues)
        {
            Quarantine(table, item, reason, column, raw);
        }
    }

    /// <summary>
    /// A root row's `_dlt_id`: for upsert the hash of its primary key (the same row id on every load), for scd2 the hash
    /// of its content (dlt's row version), else random.
    /// </summary>
    public string RootRowId(object?[] row, string? nested = null)
    {
        if (Root.Disposition != WriteDisposition.Merge)
        {
            return Ids.Random();
        }
        if (Root.MergeStrategy == MergeStrategy.Upsert && Root.PrimaryKey.Count > 0)
        {
            var key = new StringBuilder();
            foreach (var column in Root.Columns)
            {
                if (column.PrimaryKey)
                {
                    var index = Root.IndexOf(column.Name);
                    key.Append(index < row.Length && row[index] is { } value ? ValueCoercion.Format(value) : "").Append('_');
                }
            }
            return RowIds.Digest(key.ToString());
        }
        if (Root.MergeStrategy != MergeStrategy.Scd2)
        {
            return Ids.Random();
        }
        var content = new StringBuilder();
        for (var i = 0; i < row.Length && i < Root.Columns.Count; i++)
        {
            if (row[i] is { } value && !DltColumns.IsSystem(Root.Columns[i].Name))
            {
                content.Append(Root.Columns[i].Name).Append('=').Append(ValueCoercion.Format(value)).Append('\u001f');
            }
        }
        return RowIds.Digest(content.Append(nested).ToString());
    }

    /// <summary>A child row's `_dlt_id`: on merge tables derived from the parent's (dlt), so a reloaded row keeps its id.</summary>
    public string ChildRowId(TableState table, string parentId, long index) =>
        table.Disposition == WriteDisposition.Merge ? RowIds.Child(parentId, table.Name, index) : Ids.Random();

    /// <summary>The evolved schema (its version bumped when anything changed), the rows per table, the tables created.</summary>
    public (DatasetSchema Schema, IReadOnlyList<TableRows> Rows, IReadOnlyList<string> Created) Finish()
    {
        var tables = new Dictionary<string, TableSchema>(_schema.Tables, StringComparer.Ordinal);
        var created = new List<string>();
        var changed = false;
        foreach (var table in _tables.Where(t => t.Exists))
        {
            var known = _schema.Tables.TryGetValue(table.Name, out var before) && before.Columns.Count > 0;
            if (!known)
            {
                created.Add(table.Name);
            }
            if (table.Changed || !known)
            {
                tables[table.Name] = table.ToSchema();
                changed = true;
            }
        }
        var schema = changed ? _schema with { Tables = tables, Version = _schema.Version + 1 } : _schema;
        var rows = _tables.Where(t => t.Exists && (t.Rows.Count > 0 || t == Root))
            .Select(t => new TableRows(tables[t.Name], t.PaddedRows()))
            .ToList();
        return (schema, rows, created);
    }
}
