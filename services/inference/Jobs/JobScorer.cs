using System.Buffers;
using Microsoft.Extensions.Options;
using MlOps.Inference.Serving;

namespace MlOps.Inference.Jobs;

/// <summary>
/// Scores a job's input chunk by chunk from where it stopped: slices of a chunk run in parallel on every core, results are
/// appended and flushed to disk, then the chunk is committed. Results past the last commit are cut off first.
/// </summary>
public sealed class JobScorer(JobStore store, IOptions<JobOptions> options)
{
    /// <returns>false when the lease was lost to another replica mid-job.</returns>
    public async Task<bool> ScoreAsync(ClaimedJob job, ServedModel model, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using IJobChunkReader reader = job.Format == "csv" ? new CsvChunkReader(store.InputPath(job.Id), model.Signature) : new JsonlChunkReader(store.InputPath(job.Id), model.Signature);
        reader.Skip(job.RowsDone);
        await using var results = new FileStream(store.ResultsPath(job.Id), FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        results.SetLength(job.OutputBytes);
        results.Seek(0, SeekOrigin.End);
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        if (job.OutputBytes == 0)
        {
            ResultsCsv.WriteHeader(buffer, model.Signature);
        }
        var rowsDone = job.RowsDone;
        while (reader.ReadChunk(settings.ChunkRows) is { } chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var outputs in ScoreInParallel(model, chunk, settings.SliceRows))
            {
                ResultsCsv.Append(buffer, outputs, rowsDone);
                rowsDone += outputs[0].Rows;
            }
            await FlushAsync(results, buffer, cancellationToken);
            if (!await store.CommitChunkAsync(job.Id, rowsDone, results.Position, cancellationToken))
            {
                return false;
            }
        }
        await FlushAsync(results, buffer, cancellationToken);
        return await store.CommitChunkAsync(job.Id, rowsDone, results.Position, cancellationToken);
    }

    private static Tensor[][] ScoreInParallel(ServedModel model, Tensor[] chunk, int sliceRows)
    {
        var rows = chunk[0].Rows;
        var slices = (rows + sliceRows - 1) / sliceRows;
        var outputs = new Tensor[slices][];
        Parallel.For(0, slices, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, slice =>
        {
            var start = slice * sliceRows;
            outputs[slice] = model.Run(slices == 1 ? chunk : ChunkTensors.Slice(chunk, start, Math.Min(sliceRows, rows - start)));
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
