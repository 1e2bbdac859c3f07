using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Lake;

/// <summary>The load's quarantined records as `_quarantine/&lt;load_id&gt;.parquet`, columns as in the warehouse's quarantine.</summary>
internal sealed class LakeQuarantine(ILakeStore store, string loadId, LakeOptions options) : IAsyncDisposable
{
    public const string Folder = "_quarantine";

    private static readonly IReadOnlyList<ColumnSchema> Columns =
    [
        Text(DltColumns.LoadId), Text("table_name"), Text("position"), Text("reason"), Text("column_name"), Text("raw"),
    ];

    private readonly LakeTableWriter _writer = new(store, Folder,
        n => n == 0 ? $"{Folder}/{loadId}.parquet" : $"{Folder}/{loadId}.{n}.parquet", options.RowGroupRows, long.MaxValue);

    /// <summary>Per table: rows and single values quarantined.</summary>
    public Dictionary<string, (long Rows, long Values)> Counts { get; } = new(StringComparer.Ordinal);

    public List<string> Created => _writer.Created;

    public async Task AppendAsync(IReadOnlyList<QuarantinedRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }
        foreach (var record in records)
        {
            var (rows, values) = Counts.GetValueOrDefault(record.Table);
            Counts[record.Table] = record.Column is null ? (rows + 1, values) : (rows, values + 1);
        }
        await _writer.AppendAsync(Columns,
            [.. records.Select(r => new object?[] { loadId, r.Table, r.Position, r.Reason, r.Column, r.Raw })], cancellationToken);
    }

    /// <summary>The quarantine file, or null when nothing was quarantined.</summary>
    public async Task<LakeManifestFile?> FinishAsync(CancellationToken cancellationToken) =>
        (await _writer.FinishAsync(cancellationToken)) is [var file] ? file : null;

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private static ColumnSchema Text(string name) => new() { Name = name, Type = DataType.Text };
}
