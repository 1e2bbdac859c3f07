using System.Text.Json;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Warehouse;

namespace MlOps.Ingest.Lake;

/// <summary>Reads and writes the manifests of one dataset folder and applies their visibility rules.</summary>
internal static class LakeManifests
{
    public const string Folder = "_manifests";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static string PathOf(string loadId) => $"{Folder}/{loadId}.json";

    public static byte[] Serialize(LakeManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, Json);

    /// <summary>Every committed manifest, oldest first; left-over temporary files of an interrupted commit are skipped.</summary>
    public static async Task<IReadOnlyList<LakeManifest>> ReadAllAsync(ILakeStore store, CancellationToken cancellationToken)
    {
        var manifests = new List<LakeManifest>();
        foreach (var name in await store.ListAsync(Folder, cancellationToken))
        {
            if (!name.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }
            var bytes = await store.ReadAsync($"{Folder}/{name}", cancellationToken)
                ?? throw new InvalidOperationException($"the manifest {store.Describe($"{Folder}/{name}")} vanished");
            manifests.Add(JsonSerializer.Deserialize<LakeManifest>(bytes, Json)
                ?? throw new JsonException($"the manifest {store.Describe($"{Folder}/{name}")} is null"));
        }
        return [.. manifests.OrderBy(m => m.Sequence).ThenBy(m => m.LoadId, StringComparer.Ordinal)];
    }

    public static CommittedState Committed(IReadOnlyList<LakeManifest> manifests, string pipeline)
    {
        if (manifests.Count == 0)
        {
            return new CommittedState();
        }
        var state = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var manifest in manifests.Where(m => m.Pipeline == pipeline))
        {
            foreach (var (resource, value) in manifest.State)
            {
                state[resource] = value;
            }
        }
        var newest = manifests[^1];
        return new CommittedState
        {
            State = state,
            Schema = DatasetSchemaJson.Deserialize(newest.Schema.GetRawText()),
            SchemaHash = newest.SchemaHash,
            SchemaVersion = newest.SchemaVersion,
        };
    }

    /// <summary>The table's visible files, oldest first: from its newest replace onward.</summary>
    public static IReadOnlyList<string> VisibleFiles(IReadOnlyList<LakeManifest> manifests, string table)
    {
        var listing = manifests.Where(m => m.Tables.ContainsKey(table)).ToList();
        var start = listing.FindLastIndex(m => m.Tables[table].Replace);
        return [.. listing.Skip(Math.Max(start, 0)).SelectMany(m => m.Tables[table].Files.Select(f => f.Path))];
    }
}
