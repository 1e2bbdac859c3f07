using System.Text.Json;
using Amazon.S3;
using Microsoft.Extensions.Options;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Warehouse;

namespace MlOps.Ingest.Lake;

/// <summary>
/// The Parquet lake: per dataset a folder `&lt;tenant&gt;/&lt;url&gt;/&lt;tenant__dataset&gt;/` (see LakeLocations) with a folder
/// of Parquet files per table (`&lt;table&gt;/&lt;load_id&gt;.&lt;n&gt;.parquet`), and `_manifests/&lt;load_id&gt;.json` written
/// last (format and visibility rules: LakeManifest).
/// Append and replace only; merge fails the load.
/// </summary>
public sealed class ParquetLake(IOptions<LakeOptions> options, Lazy<IAmazonS3> s3, TimeProvider time, ILogger<ParquetLake> logger)
    : ILoadDestination
{
    private readonly LakeLocations _locations = new(options.Value, s3, time);

    public async Task<ILoadWriter> BeginAsync(LoadJob job, CancellationToken cancellationToken)
    {
        var store = _locations.Open(job.Destination, job.TenantId, job.Dataset);
        var loadLock = await store.LockAsync(cancellationToken);
        try
        {
            var manifests = await LakeManifests.ReadAllAsync(store, cancellationToken);
            if (await LakeOrphans.SweepAsync(store, manifests, cancellationToken) is > 0 and var orphans)
            {
                LakeLog.OrphansDeleted(logger, orphans, store.Describe(""));
            }
            var committedLoad = manifests.FirstOrDefault(m => m.LoadId == job.LoadId.ToString());
            var loaded = committedLoad is not null;
            if (loaded)
            {
                LakeLog.LoadAlreadyCommitted(logger, job.LoadId, store.Describe(""));
            }
            var sequence = manifests.Count == 0 ? 1 : manifests[^1].Sequence + 1;
            return new LakeLoadWriter(store, loadLock, job, LakeManifests.Committed(manifests, job.Pipeline), loaded, sequence,
                options.Value, time, logger)
            {
                CommittedOutcome = committedLoad is { } m ? new LoadOutcome
                {
                    LoadId = job.LoadId, Tables = m.Results, Quality = m.Quality, SchemaHash = m.SchemaHash, SchemaVersion = m.SchemaVersion,
                } : null,
            };
        }
        catch
        {
            await loadLock.DisposeAsync();
            throw;
        }
    }

    public async Task<IReadOnlyDictionary<string, JsonElement>> ReadStateAsync(
        DestinationSpec destination, string tenantId, string dataset, string pipeline, CancellationToken cancellationToken)
    {
        var store = _locations.Open(destination, tenantId, dataset);
        return LakeManifests.Committed(await LakeManifests.ReadAllAsync(store, cancellationToken), pipeline).State;
    }

    public async Task<DatasetSchema?> ReadSchemaAsync(
        DestinationSpec destination, string tenantId, string dataset, CancellationToken cancellationToken)
    {
        var store = _locations.Open(destination, tenantId, dataset);
        return LakeManifests.Committed(await LakeManifests.ReadAllAsync(store, cancellationToken), "").Schema;
    }

    /// <summary>A table's visible files (file paths or s3:// urls), oldest first: what a reader unions by column name.</summary>
    public async Task<IReadOnlyList<string>> ListTableFilesAsync(
        DestinationSpec destination, string tenantId, string dataset, string table, CancellationToken cancellationToken)
    {
        var store = _locations.Open(destination, tenantId, dataset);
        var manifests = await LakeManifests.ReadAllAsync(store, cancellationToken);
        return [.. LakeManifests.VisibleFiles(manifests, table).Select(store.Describe)];
    }
}
