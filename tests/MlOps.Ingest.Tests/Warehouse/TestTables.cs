using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Warehouse;

namespace MlOps.Ingest.Tests.Warehouse;

/// <summary>Hand-built normalizer output: tables with dlt's system columns last, and loads through the writer.</summary>
internal static class TestTables
{
    public static ColumnSchema Column(string name, DataType type, bool key = false, bool hardDelete = false) =>
        new() { Name = name, Type = type, PrimaryKey = key, HardDelete = hardDelete, Nullable = !key };

    /// <summary>A root table: the given columns, then `_dlt_load_id`, `_dlt_id`.</summary>
    public static TableSchema Root(
        string name, WriteDisposition disposition, MergeStrategy strategy, params ColumnSchema[] columns) => new()
    {
        Name = name,
        Disposition = disposition,
        MergeStrategy = strategy,
        Columns = [.. columns, Column("_dlt_load_id", DataType.Text), Column("_dlt_id", DataType.Text)],
    };

    /// <summary>A child table: the given columns, then `_dlt_parent_id`, `_dlt_list_idx`, `_dlt_root_id`, `_dlt_load_id`, `_dlt_id`.</summary>
    public static TableSchema Child(string name, TableSchema parent, params ColumnSchema[] columns) => new()
    {
        Name = name,
        Parent = parent.Name,
        Disposition = parent.Disposition,
        MergeStrategy = parent.MergeStrategy,
        Columns =
        [
            .. columns, Column("_dlt_parent_id", DataType.Text), Column("_dlt_list_idx", DataType.BigInt),
            Column("_dlt_root_id", DataType.Text), Column("_dlt_load_id", DataType.Text), Column("_dlt_id", DataType.Text),
        ],
    };

    /// <summary>A merged `users` root: key `id`, `name`, and a `deleted` hard-delete marker.</summary>
    public static TableSchema MergedUsers(MergeStrategy strategy) => Root("users", WriteDisposition.Merge, strategy,
        Column("id", DataType.BigInt, key: true), Column("name", DataType.Text), Column("deleted", DataType.Bool, hardDelete: true));

    public static NormalizedBatch Batch(string resource, params TableRows[] tables) => new() { Resource = resource, Tables = tables };

    /// <summary>Writes the batches as one load and commits it with a schema made of the batches' last table versions.</summary>
    public static async Task<LoadOutcome> LoadAsync(
        ILoadDestination destination, LoadJob job, IEnumerable<NormalizedBatch> batches,
        IReadOnlyDictionary<string, IReadOnlyList<QualityCheck>>? checks = null)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var writer = await destination.BeginAsync(job, cancellationToken);
        var tables = new Dictionary<string, TableSchema>(writer.Committed.Schema?.Tables ?? new Dictionary<string, TableSchema>());
        foreach (var batch in batches)
        {
            await writer.WriteAsync(batch, cancellationToken);
            foreach (var rows in batch.Tables)
            {
                tables[rows.Table.Name] = rows.Table;
            }
        }
        var schema = new DatasetSchema { Name = job.Dataset, Tables = tables };
        var hash = string.Join(";", tables.Values.OrderBy(t => t.Name).Select(t => t.Name + ":" + t.Columns.Count));
        var commit = new LoadCommit { Schema = schema, SchemaHash = hash, Checks = checks ?? new Dictionary<string, IReadOnlyList<QualityCheck>>() };
        return await writer.CommitAsync(commit, cancellationToken);
    }

    public static LoadJob Job(string tenant, string dataset, Guid? loadId = null) => new()
    {
        LoadId = loadId ?? Guid.CreateVersion7(),
        TenantId = tenant,
        Dataset = dataset,
        Pipeline = "p1",
    };
}
