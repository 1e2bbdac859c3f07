using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MlOps.Inference.Serving;

namespace MlOps.Inference.Jobs;

/// <summary>
/// Scores a job's input chunk by chunk from where it stopped: slices of a chunk run in parallel on every core, results are
/// appended and flushed to disk, then the chunk is committed with the rows it skipped. Results past the last commit are
/// cut off first. A bad row fails the job (naming it) unless the job skips bad rows.
/// </summary>
public sealed class JobScorer(JobStore store, IOptions<JobOptions> options)
{
    /// <returns>false when the lease was lost to another replica mid-job.</returns>
    public async Task<bool> ScoreAsync(ClaimedJob job, ServedModel model, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var reader = OpenReader(job, model.Signature);
        reader.Skip(job.RowsDone);
        await using var results = new FileStream(store.ResultsPath(job.Id), FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        results.SetLength(job.OutputBytes);
        results.Seek(0, SeekOrigin.End);
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        if (job.OutputBytes == 0)
        {
            ResultsCsv.WriteHeader(buffer, model.Signature);
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Three stages on two cores: parsing runs a chunk ahead of scoring, writing a chunk behind it.
        var chunks = Channel.CreateBounded<JobChunk>(1);
        var scored = Channel.CreateBounded<(JobChunk Chunk, Tensor[][] Outputs)>(1);
        var parsing = Task.Run(() => ReadAheadAsync(reader, chunks.Writer, settings.ChunkRows, stop.Token), stop.Token);
        var writing = Task.Run(async () =>
        {
            try
            {
                return await WriteBehindAsync(job, results, buffer, scored.Reader, stop);
            }
            catch
            {
                // A failed write must not leave the scoring stage waiting for room in the channel.
                await stop.CancelAsync();
                throw;
            }
        }, stop.Token);
        try
        {
            await foreach (var chunk in chunks.Reader.ReadAllAsync(stop.Token))
            {
                if (chunk.Skipped.Count > 0 && job.OnRowError != RowErrorModes.Skip)
                {
                    throw new JobInputException(chunk.Skipped[0].Error);
                }
                await scored.Writer.WriteAsync((chunk, chunk.ScoredRows == 0 ? [] : ScoreInParallel(model, chunk.Inputs, settings.SliceRows)), stop.Token);
            }
            scored.Writer.Complete();
            return await writing;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The writer stopped everything: the lease went to another replica, or writing failed (rethrown here).
            return await writing;
        }
        catch (Exception e)
        {
            scored.Writer.TryComplete(e);
            throw;
        }
        finally
        {
            await stop.CancelAsync();
            await parsing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await ((Task)writing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Appends each scored chunk, flushes it to disk, then commits it; cancels the other stages when the lease is lost.</summary>
    private async Task<bool> WriteBehindAsync(ClaimedJob job, FileStream results, ArrayBufferWriter<byte> buffer,
        ChannelReader<(JobChunk Chunk, Tensor[][] Outputs)> scored, CancellationTokenSource stop)
    {
        var rowsDone = job.RowsDone;
        // Only the first skipped rows are listed; those an earlier holder committed count against the limit.
        var unlisted = Math.Max(0, options.Value.MaxSkippedRowsListed - (int)Math.Min(job.RowsSkipped, int.MaxValue));
        await foreach (var (chunk, slices) in scored.ReadAllAsync(stop.Token))
        {
            var offset = 0;
            foreach (var outputs in slices)
            {
                ResultsCsv.Append(buffer, outputs, chunk.RowIndexes.AsSpan(offset, outputs[0].Rows));
                offset += outputs[0].Rows;
            }
            rowsDone += chunk.InputRows;
            var listed = chunk.Skipped.Take(unlisted).ToList();
            unlisted -= listed.Count;
            await FlushAsync(results, buffer, stop.Token);
            if (!await store.CommitChunkAsync(job.Id, rowsDone, results.Position, chunk.Skipped.Count, listed, stop.Token))
            {
                await stop.CancelAsync();
                return false;
            }
        }
        await FlushAsync(results, buffer, stop.Token);
        return await store.CommitChunkAsync(job.Id, rowsDone, results.Position, 0, [], stop.Token);
    }

    private IJobChunkReader OpenReader(ClaimedJob job, ModelSignature signature) => job.Format == "csv"
        ? new CsvChunkReader(store.InputPath(job.Id), signature)
        : new JsonlChunkReader(store.InputPath(job.Id), signature, options.Value.MaxLineLength);

    private static async Task ReadAheadAsync(IJobChunkReader reader, ChannelWriter<JobChunk> chunks, int chunkRows, CancellationToken cancellationToken)
    {
        try
        {
            while (reader.ReadChunk(chunkRows) is { } chunk)
            {
                await chunks.WriteAsync(chunk, cancellationToken);
            }
            chunks.Complete();
        }
        catch (Exception e)
        {
            chunks.Complete(e);
        }
    }

    private static Tensor[][] ScoreInParallel(ServedModel model, Tensor[] chunk, int sliceRows)
    {
        var rows = chunk[0].Rows;
        var slices = (rows + sliceRows - 1) / sliceRows;
        var outputs = new Tensor[slices][];
        Parallel.For(0, slices, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, slice =>
        {
            var start = slice * sliceRows;
            outputs[slice] = model.Run(slices == 1 ? chunk : TensorBatches.Slice(chunk, start, Math.Min(sliceRows, rows - start)));
        });
        return outputs;
    }

    private static async Task FlushAsync(FileStream results, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        await results.WriteAsync(buffer.WrittenMemory, cancellationToken);
        buffer.ResetWrittenCount();
        // On disk before the chunk is committed: a crash after the commit must not lose results.
        results.Flush(flushToDisk: true);
    }
}
