using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Extensions.FileSystemGlobbing.Abstractions;
using MlOps.Ingest.Infrastructure;

namespace MlOps.Ingest.Sources.Files;

/// <summary>
/// Files a `path` location names under the tenant's files root (FilesRoot/&lt;tenant&gt;/): one file, or a glob (`*`, `?`,
/// `**`) below its literal folders. Every match is resolved through its symlinks and refused when it lands outside that root.
/// </summary>
public static class LocalFileLister
{
    private const int MaxLinkHops = 40;

    public static IReadOnlyList<SourceFile> List(string? filesRoot, string tenantId, string relativePath)
    {
        if (string.IsNullOrEmpty(filesRoot))
        {
            throw new SourceConfigException("location.type", "path locations are not enabled (MlOps:Ingest:FilesRoot is not set)");
        }
        var root = RealPath(Path.Combine(Path.GetFullPath(filesRoot), TenantFolders.Of(tenantId)), 0);
        var segments = relativePath.Split('/');
        var literal = segments.TakeWhile(s => s.IndexOfAny(['*', '?', '[', '{']) < 0).Count();
        if (literal == segments.Length)
        {
            var path = Confined(root, Path.Combine(root, relativePath), relativePath);
            return File.Exists(path)
                ? [SourceFile.Local(relativePath, path)]
                : throw new SourceException($"{relativePath}: no such file under the files root");
        }
        var baseRelative = string.Join('/', segments[..literal]);
        var baseDir = Confined(root, Path.Combine(root, baseRelative), baseRelative.Length == 0 ? "." : baseRelative);
        if (!Directory.Exists(baseDir))
        {
            return [];
        }
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(string.Join('/', segments[literal..]));
        var files = new List<SourceFile>();
        foreach (var match in matcher.Execute(new DirectoryInfoWrapper(new DirectoryInfo(baseDir))).Files)
        {
            var name = baseRelative.Length == 0 ? match.Path : $"{baseRelative}/{match.Path}";
            files.Add(SourceFile.Local(name, Confined(root, Path.Combine(baseDir, match.Path), name)));
        }
        return files;
    }

    /// <summary>The real path of <paramref name="path"/>, refused when a symlink takes it outside <paramref name="root"/>.</summary>
    private static string Confined(string root, string path, string name)
    {
        var real = RealPath(Path.GetFullPath(path), 0);
        return real == root || real.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal)
            ? real
            : throw new SourceConfigException("location.path", $"{name} leads outside the files root");
    }

    /// <summary>Resolves every symlink along an absolute path, like realpath(3); parts that do not exist stay as written.</summary>
    private static string RealPath(string path, int hops)
    {
        if (hops > MaxLinkHops)
        {
            throw new SourceConfigException("location.path", "too many symbolic links");
        }
        var current = Path.GetPathRoot(path) ?? "/";
        foreach (var part in path[current.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            current = target is null ? next : RealPath(Path.GetFullPath(target, current), hops + 1);
        }
        return current;
    }
}
