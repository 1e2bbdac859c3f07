using Amazon.S3;
using Microsoft.Extensions.Options;

namespace MlOps.Ingest.Sources.Files;

/// <summary>
/// Lists the files a location names for one tenant (its uploads, FilesRoot/&lt;tenant&gt;/, `&lt;tenant&gt;/` in an allowed
/// bucket), oldest first (modification time, then name), so incremental state advances in order.
/// </summary>
public sealed class FileLocator(IOptions<FilesSourceOptions> options, IUploadStore uploads, Lazy<IAmazonS3> s3)
{
    public async Task<IReadOnlyList<SourceFile>> ListAsync(FileLocation location, string tenantId, CancellationToken cancellationToken)
    {
        IReadOnlyList<SourceFile> files = location.Kind switch
        {
            FileLocationKind.Upload => await uploads.FindAsync(tenantId, location.UploadId!, cancellationToken) is { } upload
                ? [upload]
                : throw new SourceConfigException("location.upload_id", $"no upload {location.UploadId}"),
            FileLocationKind.Path => LocalFileLister.List(options.Value.FilesRoot, tenantId, location.Path!),
            _ => await S3FileLister.ListAsync(s3.Value, options.Value.S3, location, tenantId, cancellationToken),
        };
        return [.. files.OrderBy(f => f.LastModified).ThenBy(f => f.Name, StringComparer.Ordinal)];
    }
}
