using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Retention;

namespace MlOps.Ingest.Sources.Files;

/// <summary>
/// Uploads expire (MlOps:Retention:Ages:uploads, 7 days by default), and so do partial files a crash left behind: a
/// pipeline naming an expired upload then fails its run saying the upload is not there.
/// </summary>
public static class UploadRetention
{
    public static RetentionRule Rule(IOptions<FilesSourceOptions> options) => new("uploads", TimeSpan.FromDays(7), (_, cutoff, batch, _) =>
    {
        var root = new DirectoryInfo(Path.GetFullPath(options.Value.UploadsRoot));
        if (!root.Exists)
        {
            return Task.FromResult(0);
        }
        var expired = root.EnumerateFiles("*", SearchOption.AllDirectories).Where(f => f.LastWriteTimeUtc < cutoff).Take(batch).ToList();
        foreach (var file in expired)
        {
            file.Delete();
        }
        return Task.FromResult(expired.Count);
    });
}
