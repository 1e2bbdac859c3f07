using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace MlOps.Registry.Artifacts;

/// <summary>
/// Artifacts kept in an S3-compatible bucket under sha256/ab/abcdef…, with a local content-addressed copy as a
/// read-through cache: uploads go to the bucket before the version exists, reads fetch into the cache (checking the
/// digest) and are served from there, so ranges and ETags work as with the local store.
/// </summary>
public sealed class S3ArtifactStore(IAmazonS3 s3, string bucket, LocalArtifactStore cache) : IArtifactStore
{
    public async Task<StagedArtifact> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var staged = await cache.StageAsync(content, maxBytes, cancellationToken);
        return new StagedArtifact(staged.Path, staged.Digest, staged.Size, async _ =>
        {
            if (!await ExistsAsync(staged.Digest, CancellationToken.None))
            {
                // One streamed PUT from the staged file (artifacts stay under S3's 5 GB single-PUT limit); plain, not
                // aws-chunked, encoding, which S3-compatible servers do not all understand.
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = KeyOf(staged.Digest), FilePath = staged.Path, UseChunkEncoding = false });
            }
            await staged.CommitAsync();
        });
    }

    public async Task<Stream?> OpenReadAsync(string digest, CancellationToken cancellationToken) =>
        await FetchAsync(digest, cancellationToken) ? await cache.OpenReadAsync(digest, cancellationToken) : null;

    public async Task<bool> VerifyAsync(string digest, CancellationToken cancellationToken) =>
        await FetchAsync(digest, cancellationToken) && await cache.VerifyAsync(digest, cancellationToken);

    /// <summary>Makes sure the cache holds the object; a fetched object whose content does not hash to its key is not cached.</summary>
    private async Task<bool> FetchAsync(string digest, CancellationToken cancellationToken)
    {
        if (cache.Contains(digest))
        {
            return true;
        }
        try
        {
            using var response = await s3.GetObjectAsync(bucket, KeyOf(digest), cancellationToken);
            await using var staged = await cache.StageAsync(response.ResponseStream, long.MaxValue, cancellationToken);
            if (staged.Digest != digest)
            {
                return false;
            }
            await staged.CommitAsync();
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private async Task<bool> ExistsAsync(string digest, CancellationToken cancellationToken)
    {
        try
        {
            await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = KeyOf(digest) }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public static string KeyOf(string digest) => $"sha256/{digest[..2]}/{digest}";
}
