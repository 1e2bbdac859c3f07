using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace MlOps.Ingest.Lake;

/// <summary>
/// A dataset folder on S3 under `bucket/prefix`. Files are written to a local temporary file and put whole. Manifests are
/// put with If-None-Match (AWS refuses a second commit of a load id; s3rver ignores the header). There is no lock: loads of
/// one dataset on S3 are not serialized across processes (the run queue runs one load of a pipeline at a time).
/// </summary>
internal sealed class S3LakeStore(IAmazonS3 s3, string bucket, string prefix) : ILakeStore
{
    public string Describe(string path) => $"s3://{bucket}/{Key(path)}";

    public Task<Stream> CreateAsync(string path, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(new FileStream(Path.Combine(Path.GetTempPath(), $"mlops-lake-{Guid.NewGuid():N}.parquet"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous));

    public async Task FinishAsync(string path, Stream stream, CancellationToken cancellationToken)
    {
        await using (stream)
        {
            await stream.FlushAsync(cancellationToken);
            stream.Position = 0;
            // Plain (not chunked) uploads: S3-compatible servers such as s3rver reject aws-chunked bodies.
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket, Key = Key(path), InputStream = stream, AutoCloseStream = false, UseChunkEncoding = false,
            }, cancellationToken);
        }
    }

    public async Task<bool> PutNewAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        try
        {
            using var body = new MemoryStream(content, writable: false);
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket, Key = Key(path), InputStream = body, IfNoneMatch = "*", UseChunkEncoding = false,
            }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s3.GetObjectAsync(bucket, Key(path), cancellationToken);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(string folder, CancellationToken cancellationToken)
    {
        var folderKey = Key(folder) + "/";
        var names = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = folderKey, Delimiter = "/" };
        ListObjectsV2Response response;
        do
        {
            response = await s3.ListObjectsV2Async(request, cancellationToken);
            names.AddRange((response.S3Objects ?? []).Select(o => o.Key[folderKey.Length..]));
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
        return names;
    }

    public async Task DeleteAsync(IReadOnlyCollection<string> paths, CancellationToken cancellationToken)
    {
        foreach (var path in paths)
        {
            await s3.DeleteObjectAsync(bucket, Key(path), cancellationToken);
        }
    }

    public Task<IAsyncDisposable> LockAsync(CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    private string Key(string path) => $"{prefix}/{path}";

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
