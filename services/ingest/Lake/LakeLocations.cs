using Amazon.S3;
using MlOps.Contracts;
using MlOps.Ingest.Loading;

namespace MlOps.Ingest.Lake;

/// <summary>
/// A destination url to the dataset's folder: `&lt;url&gt;/&lt;tenant__dataset schema&gt;/`. A local url stays under the lake
/// root (symbolic links inside the root are the operator's); an s3:// url must name an allowed bucket.
/// </summary>
internal sealed class LakeLocations(LakeOptions options, Lazy<IAmazonS3> s3, TimeProvider time)
{
    private const string S3Scheme = "s3://";

    public ILakeStore Open(DestinationSpec destination, string tenantId, string dataset)
    {
        var schema = WarehouseNames.Schema(tenantId, dataset);
        var url = destination.Url;
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new LoadFailedException("the parquet destination needs a url (a folder under the lake root, or s3://bucket/prefix)");
        }
        return url.StartsWith(S3Scheme, StringComparison.Ordinal) ? OpenS3(url, schema) : OpenLocal(url, schema);
    }

    private S3LakeStore OpenS3(string url, string schema)
    {
        var rest = url[S3Scheme.Length..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        if (bucket.Length == 0 || !options.AllowedBuckets.Contains(bucket, StringComparer.Ordinal))
        {
            throw new LoadFailedException($"the lake bucket '{bucket}' is not allowed (MlOps:Ingest:Lake:AllowedBuckets)");
        }
        return new S3LakeStore(s3.Value, bucket, prefix.Length == 0 ? schema : $"{prefix}/{schema}");
    }

    private LocalLakeStore OpenLocal(string url, string schema)
    {
        if (string.IsNullOrEmpty(options.Root))
        {
            throw new LoadFailedException($"local lake folders are not enabled ({LakeOptions.RootKey} is not set)");
        }
        var root = Path.GetFullPath(options.Root);
        var folder = Path.GetFullPath(Path.Combine(root, url));
        var inside = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (Path.IsPathRooted(url) || !(folder + Path.DirectorySeparatorChar).StartsWith(inside, StringComparison.Ordinal))
        {
            throw new LoadFailedException($"the lake folder '{url}' is not under the lake root");
        }
        return new LocalLakeStore(Path.Combine(folder, schema), options.LockRetry, time);
    }
}
