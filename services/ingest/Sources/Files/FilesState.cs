using System.Text.Json;

namespace MlOps.Ingest.Sources.Files;

/// <summary>
/// The files source's incremental state: the newest modification time loaded and the names loaded at that time. A file is
/// new when it is newer, or as new but not among those names; the state stays small however many files were loaded.
/// </summary>
public sealed record FilesState(DateTimeOffset? LastModified, IReadOnlySet<string> NamesAtLast)
{
    public static FilesState Empty { get; } = new(null, new HashSet<string>());

    public bool IsNew(SourceFile file) => LastModified is not { } last || file.LastModified > last
        || (file.LastModified == last && !NamesAtLast.Contains(file.Name));

    /// <summary>The state once <paramref name="file"/> (listed oldest first) is loaded.</summary>
    public FilesState After(SourceFile file) => LastModified == file.LastModified
        ? new FilesState(LastModified, new HashSet<string>(NamesAtLast, StringComparer.Ordinal) { file.Name })
        : new FilesState(file.LastModified, new HashSet<string>(StringComparer.Ordinal) { file.Name });

    public JsonElement ToJson() => JsonSerializer.SerializeToElement(new Dictionary<string, object?>
    {
        ["last_modified"] = LastModified?.UtcDateTime.ToString("O"),
        ["files"] = NamesAtLast.Order(StringComparer.Ordinal).ToArray(),
    });

    public static FilesState From(JsonElement? state)
    {
        if (state is not { ValueKind: JsonValueKind.Object } json
            || !json.TryGetProperty("last_modified", out var last) || last.ValueKind != JsonValueKind.String
            || !json.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
        {
            return Empty;
        }
        return new FilesState(
            DateTimeOffset.Parse(last.GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            files.EnumerateArray().Select(f => f.GetString() ?? "").ToHashSet(StringComparer.Ordinal));
    }
}
