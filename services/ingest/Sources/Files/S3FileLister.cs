using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using MlOps.Ingest.Infrastructure;

namespace MlOps.Ingest.Sources.Files;

/// <summary>
/// The objects an `s3` location names under the tenant's `&lt;tenant&gt;/` in an allowed bucket: one key, or every object under
/// a prefix (folder markers skipped, at most MaxListedObjects).
/// </summary>
public static class S3FileLister
{
    public static async Task<IReadOnlyList<SourceFile>> ListAsync(
        IAmazonS3 s3, FilesS3Options options, FileLocation location, string tenantId, CancellationToken cancellationToken)
    {
        var bucket = location.Bucket!;
        // Checked again here: the allow-list may have shrunk since the pipeline was saved.
        if (!FilesSourceConfig.IsAllowedBucket(bucket, options.AllowedBuckets))
        {
            throw new SourceConfigException("location.bucket", $"{bucket} is not an allowed bucket (MlOps:Ingest:S3:AllowedBuckets)");
        }
        var tenantPrefix = TenantFolders.Of(tenantId) + "/";
        var key = location.Key is { } relativeKey ? tenantPrefix + relativeKey : null;
        var prefix = tenantPrefix + location.Prefix;
        try
        {
            if (key is not null)
            {
                var head = await s3.GetObjectMetadataAsync(bucket, key, cancellationToken);
                return [Object(s3, bucket, key, head.ContentLength, head.LastModified)];
            }
            var files = new List<SourceFile>();
            var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
            ListObjectsV2Response page;
            do
            {
                page = await s3.ListObjectsV2Async(request, cancellationToken);
                foreach (var item in page.S3Objects ?? [])
                {
                    if (item.Key.EndsWith('/'))
                    {
                        continue;
                    }
                    if (files.Count == options.MaxListedObjects)
                    {
                        var cap = options.MaxListedObjects;
                        throw new SourceException(
                            $"s3://{bucket}/{prefix}: more than {cap} objects under the prefix (MlOps:Ingest:S3:MaxListedObjects)");
                    }
                    files.Add(Object(s3, bucket, item.Key, item.Size ?? 0, item.LastModified));
                }
                request.ContinuationToken = page.NextContinuationToken;
            }
            while (page.IsTruncated == true);
            return files;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new SourceException($"s3://{bucket}/{key ?? prefix}: no such bucket or object", e);
        }
        catch (AmazonServiceException e)
        {
            throw new SourceException($"s3://{bucket}: {e.ErrorCode ?? e.StatusCode.ToString()}", e);
        }
    }

    private static SourceFile Object(IAmazonS3 s3, string bucket, string key, long size, DateTime? modified) =>
        new($"s3://{bucket}/{key}", size, modified is { } m ? new DateTimeOffset(m.ToUniversalTime()) : DateTimeOffset.UnixEpoch, async ct =>
        {
            try
            {
                var response = await s3.GetObjectAsync(bucket, key, ct);
                return response.ResponseStream;
            }
            catch (AmazonServiceException e)
            {
                throw new SourceException($"s3://{bucket}/{key}: {e.ErrorCode ?? e.StatusCode.ToString()}", e);
            }
        });
}
