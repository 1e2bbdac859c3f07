using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using MlOps.Ingest.Infrastructure;

namespace MlOps.Ingest.Sources.Files;

/// <summary>Uploads as files at UploadsRoot/&lt;tenant&gt;/&lt;upload id&gt;; a tenant never reads another's.</summary>
public sealed partial class LocalUploadStore(IOptions<FilesSourceOptions> options) : IUploadStore
{
    public async Task<string> SaveAsync(string tenantId, string fileName, Stream content, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateDirectory(TenantFolder(tenantId)).FullName;
        var extension = ExtensionPattern().Match(Path.GetFileName(fileName)).Value.ToLowerInvariant();
        var id = $"{Guid.NewGuid():N}{extension}";
        var staging = Path.Combine(folder, $".{id}.partial");
        // Written aside and renamed, so a reader never sees half an upload.
        try
        {
            await using var file = new FileStream(staging, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
            await content.CopyToAsync(file, cancellationToken);
        }
        catch
        {
            // A cut-off or refused upload leaves nothing behind.
            File.Delete(staging);
            throw;
        }
        File.Move(staging, Path.Combine(folder, id));
        return id;
    }

    public long UsedBytes(string tenantId)
    {
        var folder = new DirectoryInfo(TenantFolder(tenantId));
        return folder.Exists ? folder.EnumerateFiles().Sum(f => f.Length) : 0;
    }

    public Task<SourceFile?> FindAsync(string tenantId, string uploadId, CancellationToken cancellationToken)
    {
        if (!UploadIdPattern().IsMatch(uploadId))
        {
            return Task.FromResult<SourceFile?>(null);
        }
        var path = Path.Combine(TenantFolder(tenantId), uploadId);
        return Task.FromResult(File.Exists(path) ? SourceFile.Local(uploadId, path) : null);
    }

    private string TenantFolder(string tenantId) => Path.Combine(Path.GetFullPath(options.Value.UploadsRoot), TenantFolders.Of(tenantId));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,127}(\\.[A-Za-z0-9]{1,16}){0,2}$")]
    private static partial Regex UploadIdPattern();

    /// <summary>Up to two short extensions (`.csv`, `.csv.gz`) of an uploaded file's name.</summary>
    [GeneratedRegex("(\\.[A-Za-z0-9]{1,16}){1,2}$")]
    private static partial Regex ExtensionPattern();
}
