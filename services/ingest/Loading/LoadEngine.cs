using MlOps.Contracts;
using MlOps.Ingest.Normalize;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Sources;
using MlOps.Ingest.Warehouse;

namespace MlOps.Ingest.Loading;

/// <summary>Runs a load: committed state and schema in, source read and normalized batch by batch, all committed together.</summary>
public sealed partial class LoadEngine(ILoadDestination destination, IBatchNormalizerFactory normalizers, ILogger<LoadEngine> logger)
    : ILoadEngine
{
    public async Task<LoadOutcome> RunAsync(LoadJob job, IPipelineSource source, CancellationToken cancellationToken)
    {
        await using var writer = await destination.BeginAsync(job, cancellationToken);
        if (writer.AlreadyLoaded)
        {
            return writer.CommittedOutcome ?? new LoadOutcome
            {
                LoadId = job.LoadId,
                Tables = [],
                SchemaHash = writer.Committed.SchemaHash ?? "",
                SchemaVersion = writer.Committed.SchemaVersion,
            };
        }
        var normalizer = normalizers.Create(writer.Committed.Schema ?? new DatasetSchema { Name = job.Dataset }, job.LoadId);
        var context = new SourceReadContext { TenantId = job.TenantId, State = writer.Committed.State };
        var reader = new NormalizingReader(source, normalizer, job, context);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var produced = reader.RunAsync(reading.Token);
        try
        {
            await foreach (var normalized in reader.Batches.ReadAllAsync(cancellationToken))
            {
                await writer.WriteAsync(normalized, cancellationToken);
            }
            await produced;
        }
        catch (SourceException e)
        {
            LogSourceFailed(logger, e, job.LoadId, reader.Rows);
            throw new LoadFailedException($"the source failed after {reader.Rows} rows: {e.Message}", e);
        }
        finally
        {
            // A writer that failed stops the reader; the reader's own failure is the one thrown above.
            await reading.CancelAsync();
            await produced.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        var checks = source.Resources
            .Where(r => r.Quality.Count > 0)
            .GroupBy(r => WarehouseNames.Identifier(r.TableName ?? r.Name), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<QualityCheck>)g.SelectMany(r => r.Quality).ToList(), StringComparer.Ordinal);
        var commit = new LoadCommit { Schema = normalizer.Schema, SchemaHash = normalizer.SchemaHash(), Checks = checks };
        return await writer.CommitAsync(commit, cancellationToken) with { Bytes = reader.Bytes, RowsRead = reader.Rows };
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning, Message = "Load {LoadId} failed in the source after {Rows} rows")]
    private static partial void LogSourceFailed(ILogger logger, Exception exception, Guid loadId, long rows);
}
