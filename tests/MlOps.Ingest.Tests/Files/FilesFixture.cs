using System.Text.Json;
using Amazon.S3;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MlOps.Ingest.Sources;
using MlOps.Ingest.Sources.Files;
using MlOps.TestSupport;

namespace MlOps.Ingest.Tests.Files;

/// <summary>
/// A files root and an uploads root in a fresh temp folder, the test s3rver (its bucket allowed), and helpers to read a source
/// whole; sources read as tenant t1 unless told, so files are written under the root's t1/ folder.
/// </summary>
public sealed class FilesFixture : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("ingest-files-").FullName;
    public const string Tenant = "t1";

    public string FilesRoot => Path.Combine(Folder, "root");

    /// <summary>The default tenant's folder of the files root, where its `path` locations resolve.</summary>
    public string Root => RootOf(Tenant);
    public FilesSourceOptions Options { get; }
    public LocalUploadStore Uploads { get; }
    public IAmazonS3 S3 { get; }

    public const string Bucket = "mlops-test";

    public FilesFixture()
    {
        Directory.CreateDirectory(Root);
        Options = new FilesSourceOptions
        {
            FilesRoot = FilesRoot,
            UploadsRoot = Path.Combine(Folder, "uploads"),
            S3 = new FilesS3Options
            {
                ServiceUrl = TestInfrastructure.S3(), ForcePathStyle = true, AccessKey = "S3RVER", SecretKey = "S3RVER", AllowedBuckets = [Bucket],
            },
        };
        Uploads = new LocalUploadStore(Microsoft.Extensions.Options.Options.Create(Options));
        S3 = FilesSourceExtensions.CreateS3(Options.S3);
    }

    public string RootOf(string tenant) => Path.Combine(FilesRoot, tenant);

    public string Write(string relative, string text) => Write(relative, System.Text.Encoding.UTF8.GetBytes(text));

    public string Write(string relative, byte[] bytes) => WriteFor(Tenant, relative, bytes);

    public string WriteFor(string tenant, string relative, byte[] bytes)
    {
        var path = Path.Combine(RootOf(tenant), relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public IPipelineSource Source(string json) =>
        new FilesSourceFactory(
                new FileLocator(Microsoft.Extensions.Options.Options.Create(Options), Uploads, new Lazy<IAmazonS3>(S3)),
                Microsoft.Extensions.Options.Options.Create(Options), NullLogger<FilesSource>.Instance)
            .Create(JsonDocument.Parse(json).RootElement);

    public static async Task<List<SourceBatch>> ReadAllAsync(IPipelineSource source, SourceReadContext? context = null)
    {
        var batches = new List<SourceBatch>();
        await foreach (var batch in source.ReadAsync(context ?? new SourceReadContext { TenantId = Tenant }, TestContext.Current.CancellationToken))
        {
            batches.Add(batch);
        }
        return batches;
    }

    public void Dispose()
    {
        S3.Dispose();
        Directory.Delete(Folder, true);
    }
}
