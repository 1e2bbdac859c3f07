using System.Text.Json;
using Amazon.S3;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MlOps.Ingest.Lake;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Sources.Files;
using MlOps.TestSupport;

namespace MlOps.Ingest.Tests.Lake;

/// <summary>A fresh lake root per test class, the lake on it (s3rver for s3:// urls), and DuckDB to read what it wrote.</summary>
public sealed class LakeFolder : IAsyncLifetime
{
    public const string Bucket = "mlops-test";

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"mlops-lake-{Guid.NewGuid():N}");

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero));

    public IAmazonS3 S3 { get; } = FilesSourceExtensions.CreateS3(new FilesS3Options
    {
        ServiceUrl = TestInfrastructure.S3(), ForcePathStyle = true, AccessKey = "S3RVER", SecretKey = "S3RVER",
    });

    /// <summary>The lake with row groups of 2 rows and files of at least 3 rows, so small loads show both bounds.</summary>
    public ParquetLake Lake(int rowGroupRows = 2, long fileRows = 3) => new(
        Options.Create(new LakeOptions { Root = Root, AllowedBuckets = [Bucket], RowGroupRows = rowGroupRows, FileRows = fileRows }),
        new Lazy<IAmazonS3>(S3), Time, NullLogger<ParquetLake>.Instance);

    public static DestinationSpec Parquet(string url) => new() { Type = "parquet", Url = url };

    /// <summary>Every file under a tenant's dataset folder, relative to it, sorted (the lock file left out).</summary>
    public List<string> Files(string tenant, string url, string schema)
    {
        var folder = Path.Combine(Root, tenant, url, schema);
        return Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f))
                .Where(f => f != "_lock").Order(StringComparer.Ordinal)]
            : [];
    }

    public JsonElement Manifest(string tenant, string url, string schema, Guid loadId) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, tenant, url, schema, "_manifests", $"{loadId}.json"))).RootElement;

    /// <summary>Rows of a DuckDB query over local Parquet files, DBNull as null.</summary>
    public static List<object?[]> Query(string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>`read_parquet([...], union_by_name=true)` over the given files.</summary>
    public static string ReadParquet(IEnumerable<string> files) =>
        $"read_parquet([{string.Join(", ", files.Select(Quote))}], union_by_name=true)";

    private static string Quote(string file) => $"'{file.Replace("'", "''", StringComparison.Ordinal)}'";

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        S3.Dispose();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, true);
        }
        return ValueTask.CompletedTask;
    }
}
