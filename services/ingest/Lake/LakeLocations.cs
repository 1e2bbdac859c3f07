using Amazon.S3;
using MlOps.Contracts;
using MlOps.Ingest.Infrastructure;
using MlOps.Ingest.Loading;

namespace MlOps.Ingest.Lake;

/// <summary>
/// A destination url to the dataset's folder, the tenant id always the first path component so tenants never share a folder
/// or a key prefix: local `&lt;lake root&gt;/&lt;tenant&gt;/&lt;url&gt;/&lt;tenant__dataset&gt;/` (the url stays under the
/// tenant's folder; symbolic links inside the root are the operator's), S3
/// `s3://bucket/&lt;tenant&gt;/&lt;prefix&gt;/&lt;tenant__dataset&gt;/` in an allowed bucket (the tenant first in the bucket, as
/// the files source reads `&lt;tenant&gt;/`, so per-tenant bucket policies can apply).
/// </summary>
internal sealed class LakeLocations(LakeOptions options, Lazy<IAmazonS3> s3, TimeProvider time)
{
    private const string S3Scheme = "s3://";

    public ILakeStore Open(DestinationSpec destination, string tenantId, string dataset)
    {
        var tenant = TenantFolders.Of(tenantId);
        var schema = WarehouseNames.Schema(tenantId, dataset);
        var url = destination.Url;
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new LoadFailedException("the parquet destination needs a url (a folder under the lake root, or s3://bucket/prefix)");
        }
        return url.StartsWith(S3Scheme, StringComparison.Ordinal) ? OpenS3(url, tenant, schema) : OpenLocal(url, tenant, schema);
    }

    private S3LakeStore OpenS3(string url, string tenant, string schema)
    {
        var rest = url[S3Scheme.Length..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        if (bucket.Length == 0 || !options.AllowedBuckets.Contains(bucket, StringComparer.Ordinal))
        {
            throw new LoadFailedException($"the lake bucket '{bucket}' is not allowed (MlOps:Ingest:Lake:AllowedBuckets)");
        }
        // Some S3-compatible servers resolve dot segments in the request path, which would leave the tenant's prefix.
        if (prefix.Split('/').Any(s => s is ".." or ".") || prefix.Contains('\\'))
        {
            throw new LoadFailedException($"the lake prefix '{prefix}' must not contain '.' or '..' segments");
        }
        return new S3LakeStore(s3.Value, bucket, prefix.Length == 0 ? $"{tenant}/{schema}" : $"{tenant}/{prefix}/{schema}");
    }

    private LocalLakeStore OpenLocal(string url, string tenant, string schema)
    {
        if (string.IsNullOrEmpty(options.Root))
        {
            throw new LoadFailedException($"local lake folders are not enabled ({LakeOptions.RootKey} is not set)");
        }
        var root = Path.Combine(Path.GetFullPath(options.Root), tenant);
        var folder = Path.GetFullPath(Path.Combine(root, url));
        var inside = root + Path.DirectorySeparatorChar;
        if (Path.IsPathRooted(url) || !(folder + Path.DirectorySeparatorChar).StartsWith(inside, StringComparison.Ordinal))
        {
            throw new LoadFailedException($"the lake folder '{url}' is not under the lake root");
        }
        return new LocalLakeStore(Path.Combine(folder, schema), options.LockRetry, time);
    }
}
