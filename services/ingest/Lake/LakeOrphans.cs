namespace MlOps.Ingest.Lake;

/// <summary>
/// Files a load wrote but never committed (its process died before the manifest): found at the dataset's next load, under
/// its lock, as Parquet files in a table's folder that no manifest lists, and deleted.
/// </summary>
internal static class LakeOrphans
{
    public static async Task<int> SweepAsync(ILakeStore store, IReadOnlyList<LakeManifest> manifests, CancellationToken cancellationToken)
    {
        var referenced = manifests.SelectMany(m => m.Tables.Values.SelectMany(t => t.Files).Append(m.Quarantine))
            .OfType<LakeManifestFile>().Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var folders = manifests.SelectMany(m => m.Tables.Keys).Append(LakeQuarantine.Folder).Distinct(StringComparer.Ordinal);
        var orphans = new List<string>();
        foreach (var folder in folders)
        {
            orphans.AddRange((await store.ListAsync(folder, cancellationToken))
                .Where(name => name.EndsWith(".parquet", StringComparison.Ordinal))
                .Select(name => $"{folder}/{name}")
                .Where(path => !referenced.Contains(path)));
        }
        if (orphans.Count > 0)
        {
            await store.DeleteAsync(orphans, cancellationToken);
        }
        return orphans.Count;
    }
}
