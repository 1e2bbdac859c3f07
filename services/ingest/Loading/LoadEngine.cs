using MlOps.Contracts;
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
        var hints = source.Resources.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var context = new SourceReadContext { TenantId = job.TenantId, State = writer.Committed.State };
        long rows = 0, bytes = 0, quarantined = 0;
        try
        {
            await foreach (var batch in source.ReadAsync(context, cancellationToken))
            {
                if (!hints.TryGetValue(batch.Resource, out var resource))
                {
                    throw new LoadFailedException($"the source yielded resource {batch.Resource}, which it does not declare");
                }
                var normalized = QuarantineLimits.Bounded(normalizer.Normalize(batch, resource));
                quarantined += normalized.Quarantined.Count;
                if (quarantined > QuarantineLimits.MaxRecordsPerLoad)
                {
                    var last = normalized.Quarantined[^1];
                    throw new LoadFailedException($"more than {QuarantineLimits.MaxRecordsPerLoad} records were quarantined in this load "
                        + $"(the last at {last.Position}: {last.Reason}); the source does not match its config");
                }
                await writer.WriteAsync(normalized, cancellationToken);
                rows += batch.Count;
                bytes += batch.Bytes;
                job.Progress?.Report(new LoadProgress(rows, bytes));
            }
        }
        catch (SourceException e)
        {
            LogSourceFailed(logger, e, job.LoadId, rows);
            throw new LoadFailedException($"the source failed after {rows} rows: {e.Message}", e);
        }
        var checks = source.Resources
            .Where(r => r.Quality.Count > 0)
            .GroupBy(r => WarehouseNames.Identifier(r.TableName ?? r.Name), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<QualityCheck>)g.SelectMany(r => r.Quality).ToList(), StringComparer.Ordinal);
        var commit = new LoadCommit { Schema = normalizer.Schema, SchemaHash = normalizer.SchemaHash(), Checks = checks };
        return await writer.CommitAsync(commit, cancellationToken) with { Bytes = bytes, RowsRead = rows };
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning, Message = "Load {LoadId} failed in the source after {Rows} rows")]
    private static partial void LogSourceFailed(ILogger logger, Exception exception, Guid loadId, long rows);
}
