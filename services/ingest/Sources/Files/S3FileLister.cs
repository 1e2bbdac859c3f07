using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace MlOps.Ingest.Sources.Files;

/// <summary>The objects an `s3` location names: one key, or every object under a prefix (folder markers skipped).</summary>
public static class S3FileLister
{
    public static async Task<IReadOnlyList<SourceFile>> ListAsync(IAmazonS3 s3, FileLocation location, CancellationToken cancellationToken)
    {
        var bucket = location.Bucket!;
        try
        {
            if (location.Key is { } key)
            {
                var head = await s3.GetObjectMetadataAsync(bucket, key, cancellationToken);
                return [Object(s3, bucket, key, head.ContentLength, head.LastModified)];
            }
            var files = new List<SourceFile>();
            var request = new ListObjectsV2Request { BucketName = bucket, Prefix = location.Prefix };
            ListObjectsV2Response page;
            do
            {
                page = await s3.ListObjectsV2Async(request, cancellationToken);
                foreach (var item in page.S3Objects ?? [])
                {
                    if (!item.Key.EndsWith('/'))
                    {
                        files.Add(Object(s3, bucket, item.Key, item.Size ?? 0, item.LastModified));
                    }
                }
                request.ContinuationToken = page.NextContinuationToken;
            }
            while (page.IsTruncated == true);
            return files;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new SourceException($"s3://{bucket}/{location.Key ?? location.Prefix}: no such bucket or object", e);
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
