namespace MlOps.Ingest.Sources.Files;

/// <summary>What a file's name says about it: its format and whether it is gzip-compressed.</summary>
public static class FileNames
{
    public static bool IsGzip(string name) => name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    public static FileFormat? FormatOf(string name)
    {
        var bare = IsGzip(name) ? name[..^3] : name;
        return System.IO.Path.GetExtension(bare).ToLowerInvariant() switch
        {
            ".csv" or ".tsv" or ".txt" => FileFormat.Csv,
            ".jsonl" or ".ndjson" => FileFormat.Jsonl,
            ".parquet" or ".pq" => FileFormat.Parquet,
            _ => null,
        };
    }
}
