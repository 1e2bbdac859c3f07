using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlOps.Ingest.Sources.Files;

/// <summary>
/// The `files` source: `format` (csv, jsonl, parquet; else from each file's extension), `compression` (gzip, none, auto
/// by `.gz`), `resource`, `location` (upload, path under the files root, or s3), `csv`, `incremental` (only files not
/// loaded before) and dlt's resource hints. An s3 bucket must be one the operator allows; its `key` or `prefix` is relative to
/// the tenant's `&lt;tenant&gt;/` in it.
/// </summary>
public sealed partial record FilesSourceConfig
{
    public required string Resource { get; init; }
    public FileFormat? Format { get; init; }
    public FileCompression Compression { get; init; } = FileCompression.Auto;
    public required FileLocation Location { get; init; }
    public CsvOptions Csv { get; init; } = new();
    public bool Incremental { get; init; }
    public required ResourceHints Hints { get; init; }

    public static FilesSourceConfig Parse(JsonElement config, IReadOnlyCollection<string> allowedBuckets)
    {
        ConfigJson.RequireObject(config, "$");
        var resource = ConfigJson.RequiredString(config, "resource", "");
        var location = ParseLocation(config, allowedBuckets);
        return new FilesSourceConfig
        {
            Resource = resource,
            Format = ConfigJson.OptionalString(config, "format", "") switch
            {
                null => FileNames.FormatOf(location.Path ?? location.Key ?? ""),
                "csv" => FileFormat.Csv,
                "jsonl" => FileFormat.Jsonl,
                "parquet" => FileFormat.Parquet,
                _ => throw new SourceConfigException("format", "must be csv, jsonl or parquet"),
            },
            Compression = ConfigJson.OptionalString(config, "compression", "") switch
            {
                null or "auto" => FileCompression.Auto,
                "gzip" => FileCompression.Gzip,
                "none" => FileCompression.None,
                _ => throw new SourceConfigException("compression", "must be gzip, none or auto"),
            },
            Location = location,
            Csv = ParseCsv(config),
            Incremental = ConfigJson.OptionalBool(config, "incremental", "") ?? false,
            Hints = RestApi.RestHintsParser.Parse(config, resource),
        };
    }

    private static FileLocation ParseLocation(JsonElement config, IReadOnlyCollection<string> allowedBuckets)
    {
        if (ConfigJson.Optional(config, "location") is not { } value)
        {
            throw new SourceConfigException("location", "is required");
        }
        var location = ConfigJson.RequireObject(value, "location");
        switch (ConfigJson.RequiredString(location, "type", "location"))
        {
            case "upload":
                var id = ConfigJson.RequiredString(location, "upload_id", "location");
                return UploadIdPattern().IsMatch(id)
                    ? new FileLocation(FileLocationKind.Upload) { UploadId = id }
                    : throw new SourceConfigException("location.upload_id", "is not an upload id");
            case "path":
                var path = ConfigJson.RequiredString(location, "path", "location");
                return new FileLocation(FileLocationKind.Path) { Path = CheckRelative(path) };
            case "s3":
                var bucket = ConfigJson.RequiredString(location, "bucket", "location");
                if (!BucketPattern().IsMatch(bucket))
                {
                    throw new SourceConfigException("location.bucket", "is not an S3 bucket name");
                }
                if (!IsAllowedBucket(bucket, allowedBuckets))
                {
                    throw new SourceConfigException(
                        "location.bucket", $"{bucket} is not an allowed bucket (MlOps:Ingest:S3:AllowedBuckets)");
                }
                var prefix = CheckKey(ConfigJson.OptionalString(location, "prefix", "location"), "location.prefix");
                var key = CheckKey(ConfigJson.OptionalString(location, "key", "location"), "location.key");
                return (prefix, key) switch
                {
                    (null, { Length: > 0 }) or ({ }, null) => new FileLocation(FileLocationKind.S3) { Bucket = bucket, Prefix = prefix, Key = key },
                    _ => throw new SourceConfigException("location", "needs either prefix or key"),
                };
            default:
                throw new SourceConfigException("location.type", "must be upload, path or s3");
        }
    }

    /// <summary>A path relative to the files root that cannot name anything outside it (symlinks are checked when listing).</summary>
    private static string CheckRelative(string path)
    {
        if (path.StartsWith('/') || path.StartsWith('~') || path.Contains('\\') || path.Contains('\0') || Path.IsPathRooted(path))
        {
            throw new SourceConfigException("location.path", "must be relative to the files root");
        }
        var segments = path.Split('/');
        if (segments.Any(s => s is ".." or "."))
        {
            throw new SourceConfigException("location.path", "must not contain '.' or '..' segments");
        }
        return string.Join('/', segments.Where(s => s.Length > 0));
    }

    public static bool IsAllowedBucket(string bucket, IReadOnlyCollection<string> allowedBuckets) =>
        allowedBuckets.Contains(bucket, StringComparer.Ordinal);

    /// <summary>A key or prefix relative to the tenant's `&lt;tenant&gt;/`: no leading slash and no `.` or `..` segment.</summary>
    private static string? CheckKey(string? key, string field)
    {
        if (key is null)
        {
            return null;
        }
        // Some S3-compatible servers and proxies resolve dot segments in the request path, which would leave the tenant's prefix.
        if (key.StartsWith('/') || key.Contains('\\') || key.Contains('\0') || key.Split('/').Any(s => s is ".." or "."))
        {
            throw new SourceConfigException(field, "must be relative to the tenant's folder (no leading '/', no '.' or '..' segments)");
        }
        return key;
    }

    private static CsvOptions ParseCsv(JsonElement config)
    {
        if (ConfigJson.Optional(config, "csv") is not { } value)
        {
            return new CsvOptions();
        }
        var csv = ConfigJson.RequireObject(value, "csv");
        var delimiter = ConfigJson.OptionalString(csv, "delimiter", "csv") ?? ",";
        if (delimiter.Length != 1 || delimiter[0] is '"' or '\r' or '\n')
        {
            throw new SourceConfigException("csv.delimiter", "must be one character other than a quote or a line break");
        }
        var quoted = ConfigJson.OptionalString(csv, "quote", "csv") switch
        {
            null or "\"" => true,
            "" => false,
            _ => throw new SourceConfigException("csv.quote", "must be \" or empty (no quoting)"),
        };
        return new CsvOptions(delimiter[0], ConfigJson.OptionalBool(csv, "header", "csv") ?? true, quoted);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,127}(\\.[A-Za-z0-9]{1,16}){0,2}$")]
    private static partial Regex UploadIdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketPattern();
}
