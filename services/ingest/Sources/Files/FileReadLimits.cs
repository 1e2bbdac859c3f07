using System.ComponentModel.DataAnnotations;

namespace MlOps.Ingest.Sources.Files;

/// <summary>Memory and disk bounds of the file readers (MlOps:Ingest:FileLimits): no small hostile file takes the process down.</summary>
public sealed class FileReadLimits
{
    /// <summary>Parquet.Net reads a row group's columns whole: larger row groups are refused.</summary>
    [Range(1, 100_000_000)]
    public int MaxParquetRowGroupRows { get; set; } = 1_000_000;

    /// <summary>Rows × columns of one Parquet row group, the values held at once.</summary>
    [Range(1, 1_000_000_000)]
    public long MaxParquetRowGroupValues { get; set; } = 20_000_000;

    /// <summary>Bytes of one CSV row (an unclosed quote or a one-line gzip bomb would grow the parser's buffer without end).</summary>
    [Range(1, 1024 * 1024 * 1024)]
    public int MaxCsvRowBytes { get; set; } = 16 * 1024 * 1024;

    [Range(1, 1_000_000)]
    public int MaxCsvColumns { get; set; } = 4_096;

    /// <summary>A CSV or JSON Lines batch is handed out once its rows reach this many bytes, even short of BatchRows.</summary>
    [Range(1, long.MaxValue)]
    public long MaxBatchBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Bytes a gzipped (or remote) Parquet file may take in its temp copy.</summary>
    [Range(1, long.MaxValue)]
    public long MaxDecompressedBytes { get; set; } = 20L * 1024 * 1024 * 1024;
}
