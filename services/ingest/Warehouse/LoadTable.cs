using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Warehouse;

/// <summary>A table touched by the open load: the columns it has in the database, its staging table, rows written.</summary>
internal sealed class LoadTable(string name, TableSchema root)
{
    private readonly HashSet<string> _columnNames = new(StringComparer.Ordinal);
    private readonly List<ColumnSchema> _columns = [];

    public string Name { get; } = name;

    /// <summary>The root of this table's tree, whose disposition and merge strategy the whole tree follows.</summary>
    public TableSchema Root { get; set; } = root;

    public TableSchema? Latest { get; set; }

    /// <summary>Columns in the database (target and staging alike), in order.</summary>
    public IReadOnlyList<ColumnSchema> Columns => _columns;

    public string? Staging { get; set; }

    public long Rows { get; set; }

    /// <summary>Rows in the staging table now: a merge root's chunks merged during the load are cleared from it.</summary>
    public long StagedRows { get; set; }

    /// <summary>Whether chunks of this merge root were merged before the commit (then an empty staging table has no work left).</summary>
    public bool ChunksMerged { get; private set; }

    /// <summary>For a merge root: the keys in the staging table, to skip the SQL look for repeated ones when none repeat.</summary>
    public StagedKeys Keys { get; private set; } = new();

    public bool IsRoot => Root.Name == Name;

    /// <summary>The staged rows were merged into the target and the staging table emptied.</summary>
    public void StagedMerged()
    {
        (StagedRows, ChunksMerged, Keys) = (0, true, new StagedKeys());
    }

    public bool Has(string column) => _columnNames.Contains(column);

    public void Add(ColumnSchema column)
    {
        if (_columnNames.Add(column.Name))
        {
            _columns.Add(column);
        }
    }

    public ColumnSchema? Column(string column) => _columns.FirstOrDefault(c => c.Name == column);
}
