using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace MlOps.Ingest.Sources.Files;

/// <summary>
/// Reads CSV, JSON Lines or Parquet files (gzip or not) from an upload, the files root or S3, streamed in batches of at
/// most BatchRows rows. Incremental: only files not loaded before, the state advancing with each file's last batch.
/// Memory: one batch ahead of the one handed out (see each reader for its own bound, all in <see cref="FileReadLimits"/>);
/// Parquet that is compressed or not on local disk is copied to a temp file first (at most MaxDecompressedBytes), since
/// Parquet needs to seek.
/// </summary>
public sealed partial class FilesSource(FilesSourceConfig config, FileLocator locator, FileReadLimits limits, ILogger<FilesSource> logger)
    : IPipelineSource
{
    public IReadOnlyList<ResourceHints> Resources { get; } = [config.Hints];

    public async IAsyncEnumerable<SourceBatch> ReadAsync(SourceReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var state = config.Incremental
            ? FilesState.From(context.State.TryGetValue(config.Resource, out var saved) ? saved : null)
            : FilesState.Empty;
        var files = await locator.ListAsync(config.Location, context.TenantId, cancellationToken);
        foreach (var file in files)
        {
            if (config.Incremental && !state.IsNew(file))
            {
                LogSkipped(logger, config.Resource, file.Name);
                continue;
            }
            var format = config.Format ?? FileNames.FormatOf(file.Name)
                ?? throw new SourceException($"{file.Name}: the format is neither configured nor known from the extension");
            var gzip = config.Compression == FileCompression.Gzip || (config.Compression == FileCompression.Auto && FileNames.IsGzip(file.Name));
            LogReading(logger, config.Resource, file.Name, format, gzip);
            state = config.Incremental ? state.After(file) : state;
            // One batch is held back so the file's last batch can carry the state that marks the file loaded.
            SourceBatch? held = null;
            await foreach (var batch in ReadFileAsync(file, format, gzip, context.BatchRows, cancellationToken))
            {
                if (held is not null)
                {
                    yield return held;
                }
                held = batch;
            }
            if (config.Incremental)
            {
                yield return WithState(held, config.Resource, state.ToJson());
            }
            else if (held is not null)
            {
                yield return held;
            }
        }
    }

    private async IAsyncEnumerable<SourceBatch> ReadFileAsync(
        SourceFile file, FileFormat format, bool gzip, int batchRows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (format == FileFormat.Parquet)
        {
            await using var seekable = await SeekableAsync(file, gzip, limits.MaxDecompressedBytes, cancellationToken);
            var parquet = ParquetFileReader.ReadAsync(
                seekable, file.Name, config.Resource, batchRows, file.Length, limits, cancellationToken);
            await foreach (var batch in parquet)
            {
                yield return batch;
            }
            yield break;
        }
        var counting = new CountingStream(await file.OpenAsync(cancellationToken));
        await using var input = gzip ? new GZipStream(counting, CompressionMode.Decompress) : (Stream)counting;
        var batches = format == FileFormat.Csv
            ? CsvFileReader.ReadAsync(
                input, file.Name, config.Resource, config.Csv, batchRows, limits, () => counting.BytesRead, cancellationToken)
            : JsonLinesFileReader.ReadAsync(input, file.Name, config.Resource, batchRows, limits.MaxBatchBytes, () => counting.BytesRead,
                cancellationToken);
        await using var enumerator = batches.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    break;
                }
            }
            catch (InvalidDataException e)
            {
                throw new SourceException($"{file.Name}: not valid gzip ({e.Message})", e);
            }
            yield return enumerator.Current;
        }
    }

    /// <summary>The file itself when it is local and uncompressed, else a temp copy of at most maxBytes, deleted when closed.</summary>
    private static async Task<Stream> SeekableAsync(SourceFile file, bool gzip, long maxBytes, CancellationToken cancellationToken)
    {
        if (file.LocalPath is { } path && !gzip)
        {
            return SourceFile.OpenLocal(path);
        }
        var copy = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await using (var source = await file.OpenAsync(cancellationToken))
            await using (var input = gzip ? new GZipStream(source, CompressionMode.Decompress) : source)
            {
                await CopyBoundedAsync(input, copy, maxBytes, file.Name, cancellationToken);
            }
            copy.Position = 0;
            return copy;
        }
        catch (Exception e)
        {
            await copy.DisposeAsync();
            throw e is InvalidDataException ? new SourceException($"{file.Name}: not valid gzip ({e.Message})", e) : e;
        }
    }

    private static async Task CopyBoundedAsync(Stream input, Stream copy, long maxBytes, string file, CancellationToken cancellationToken)
    {
        var buffer = new byte[81_920];
        long copied = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            copied += read;
            if (copied > maxBytes)
            {
                throw new SourceException(
                    $"{file}: more than {maxBytes} bytes once decompressed (MlOps:Ingest:FileLimits:MaxDecompressedBytes)");
            }
            await copy.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    private static SourceBatch WithState(SourceBatch? batch, string resource, JsonElement state) =>
        batch is null ? new SourceBatch { Resource = resource, PositionOf = _ => "", StateAfter = state } : batch with { StateAfter = state };

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Resource {Resource}: reading {File} as {Format} (gzip: {Gzip})")]
    private static partial void LogReading(ILogger logger, string resource, string file, FileFormat format, bool gzip);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Resource {Resource}: {File} was loaded before, skipped")]
    private static partial void LogSkipped(ILogger logger, string resource, string file);
}
