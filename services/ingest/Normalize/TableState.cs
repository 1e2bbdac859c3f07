using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Normalize;

/// <summary>One table while a batch normalizes: its columns as they evolve and the batch's rows for it.</summary>
internal sealed class TableState
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public TableState(string name, string? parent, TableSchema? existing)
    {
        Name = name;
        Parent = parent;
        Exists = existing is { Columns.Count: > 0 };
        if (existing is not null)
        {
            foreach (var column in existing.Columns)
            {
                Add(column);
            }
            Disposition = existing.Disposition;
            MergeStrategy = existing.MergeStrategy;
            Changed = false;
        }
    }

    public string Name { get; }
    public string? Parent { get; }
    public List<ColumnSchema> Columns { get; } = [];
    public List<object?[]> Rows { get; } = [];
    public WriteDisposition Disposition { get; set; }
    public MergeStrategy MergeStrategy { get; set; }

    /// <summary>In the schema (with columns) already, or created by a row of this batch.</summary>
    public bool Exists { get; private set; }

    /// <summary>Created in this load and not declared by typed hints: new columns evolve whatever the contract says (dlt).</summary>
    public bool ColumnsRelaxed { get; set; }

    public bool Changed { get; set; }

    /// <summary>Root table only: the resource's column hints and primary key, by normalized name.</summary>
    public IReadOnlyDictionary<string, ColumnHint> Hints { get; set; } = new Dictionary<string, ColumnHint>();
    public IReadOnlySet<string> PrimaryKey { get; set; } = new HashSet<string>();

    /// <summary>Data columns that must not be null (hinted not-null or primary key), by name: checked on every row.</summary>
    public List<string> Required { get; } = [];

    public int LoadIdIndex { get; private set; } = -1;
    public int IdIndex { get; private set; } = -1;
    public int ParentIdIndex { get; private set; } = -1;
    public int ListIdxIndex { get; private set; } = -1;
    public int RootIdIndex { get; private set; } = -1;

    public int IndexOf(string column) => _index.GetValueOrDefault(column, -1);

    public int Add(ColumnSchema column)
    {
        var index = IndexOf(column.Name);
        if (index >= 0)
        {
            return index;
        }
        index = Columns.Count;
        if (index >= SchemaLimits.MaxColumnsPerTable)
        {
            // PostgreSQL stops at 1,600 columns; a source whose keys never repeat would otherwise grow a table until it breaks.
            throw new LoadFailedException($"table {Name}: a new column '{column.Name}' would pass {SchemaLimits.MaxColumnsPerTable} columns; "
                + "the source's keys do not settle into a schema (hint the varying part as json, or freeze the columns contract)");
        }
        Columns.Add(column);
        _index[column.Name] = index;
        Changed = true;
        switch (column.Name)
        {
            case DltColumns.LoadId: LoadIdIndex = index; break;
            case DltColumns.Id: IdIndex = index; break;
            case DltColumns.ParentId: ParentIdIndex = index; break;
            case DltColumns.ListIdx: ListIdxIndex = index; break;
            case DltColumns.RootId: RootIdIndex = index; break;
        }
        return index;
    }

    public void Replace(int index, ColumnSchema column)
    {
        if (Columns[index] != column)
        {
            Columns[index] = column;
            Changed = true;
        }
    }

    /// <summary>A new table's `_dlt_` columns, after the data columns of its first row, as dlt orders them.</summary>
    public void Create()
    {
        if (Parent is not null)
        {
            Add(System(DltColumns.ParentId, DataType.Text));
            Add(System(DltColumns.ListIdx, DataType.BigInt));
            Add(System(DltColumns.RootId, DataType.Text));
        }
        Add(System(DltColumns.LoadId, DataType.Text));
        Add(System(DltColumns.Id, DataType.Text));
        if (Parent is null && Disposition == WriteDisposition.Merge && MergeStrategy == MergeStrategy.Scd2)
        {
            AddValidity();
        }
        Exists = true;
        Changed = true;
    }

    public void AddValidity()
    {
        Add(new ColumnSchema { Name = DltColumns.ValidFrom, Type = DataType.Timestamp });
        Add(new ColumnSchema { Name = DltColumns.ValidTo, Type = DataType.Timestamp });
    }

    public TableSchema ToSchema() => new()
    {
        Name = Name,
        Parent = Parent,
        Columns = [.. Columns],
        Disposition = Disposition,
        MergeStrategy = MergeStrategy,
    };

    /// <summary>The batch's rows, each as wide as the table now is (a column that appeared mid-batch is null before).</summary>
    public List<object?[]> PaddedRows()
    {
        for (var i = 0; i < Rows.Count; i++)
        {
            if (Rows[i].Length < Columns.Count)
            {
                var row = Rows[i];
                Array.Resize(ref row, Columns.Count);
                Rows[i] = row;
            }
        }
        return Rows;
    }

    private static ColumnSchema System(string name, DataType type) => new() { Name = name, Type = type, Nullable = false };
}
