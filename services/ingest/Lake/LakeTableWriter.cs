using MlOps.Ingest.Schema;
using Parquet;
using Parquet.Schema;

namespace MlOps.Ingest.Lake;

/// <summary>
/// One table's files in one load: rows are buffered up to <c>rowGroupRows</c> and written as a row group; a new file starts
/// when the table gains columns (a Parquet file has one schema) or holds <c>fileRows</c> rows.
/// </summary>
internal sealed class LakeTableWriter(ILakeStore store, string name, Func<int, string> pathOf, int rowGroupRows, long fileRows)
    : IAsyncDisposable
{
    private readonly List<object?[]> _buffer = [];
    private readonly List<LakeManifestFile> _files = [];
    private IReadOnlyList<ColumnSchema>? _columns;
    private DataField[] _fields = [];
    private Stream? _stream;
    private ParquetWriter? _writer;
    private string _path = "";
    private long _fileRows;

    public long Rows { get; private set; }

    /// <summary>Every file this writer created, finished or not: what a rollback deletes.</summary>
    public List<string> Created { get; } = [];

    public async Task AppendAsync(IReadOnlyList<ColumnSchema> columns, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        if (_columns is not null && !_columns.SequenceEqual(columns))
        {
            await CloseFileAsync(cancellationToken);
        }
        _columns = columns;
        foreach (var row in rows)
        {
            _buffer.Add(row);
            if (_buffer.Count >= rowGroupRows)
            {
                await FlushAsync(cancellationToken);
            }
        }
        Rows += rows.Count;
    }

    /// <summary>Writes what is buffered and finishes the open file: the files written, with their row counts.</summary>
    public async Task<IReadOnlyList<LakeManifestFile>> FinishAsync(CancellationToken cancellationToken)
    {
        await CloseFileAsync(cancellationToken);
        return _files;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_writer is not null)
            {
                await _writer.DisposeAsync();
            }
        }
        finally
        {
            if (_stream is not null)
            {
                await _stream.DisposeAsync();
            }
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Count == 0)
        {
            return;
        }
        if (_writer is null)
        {
            _path = pathOf(_files.Count);
            Created.Add(_path);
            _stream = await store.CreateAsync(_path, cancellationToken);
            _fields = [.. _columns!.Select(LakeParquetColumns.Field)];
            _writer = await ParquetWriter.CreateAsync(new ParquetSchema(_fields), _stream, cancellationToken: cancellationToken);
        }
        using (var group = _writer.CreateRowGroup())
        {
            for (var c = 0; c < _fields.Length; c++)
            {
                await LakeParquetColumns.WriteAsync(group, _fields[c], _columns![c], c, _buffer, name, cancellationToken);
            }
            group.CompleteValidate();
        }
        _fileRows += _buffer.Count;
        _buffer.Clear();
        if (_fileRows >= fileRows)
        {
            await CloseFileAsync(cancellationToken);
        }
    }

    private async Task CloseFileAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        if (_writer is null)
        {
            return;
        }
        await _writer.DisposeAsync();
        _writer = null;
        await store.FinishAsync(_path, _stream!, cancellationToken);
        _stream = null;
        _files.Add(new LakeManifestFile(_path, _fileRows));
        _fileRows = 0;
    }
}
