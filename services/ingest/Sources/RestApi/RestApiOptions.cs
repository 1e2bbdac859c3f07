using System.ComponentModel.DataAnnotations;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>Limits of the rest_api source, bound from MlOps:Ingest:RestApi.</summary>
public sealed class RestApiOptions
{
    public const string SectionName = "MlOps:Ingest:RestApi";

    /// <summary>Pages one paginated request may read before the source fails (pagination that never ends).</summary>
    [Range(1, 10_000_000)]
    public int MaxPages { get; set; } = 10_000;

    /// <summary>Attempts per page, the first included, on 429, 5xx, timeouts and failed connections.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts, whatever Retry-After asks.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Items of one parent resource kept in memory until its children are read; more fails the source.</summary>
    [Range(1, 100_000_000)]
    public int MaxParentItems { get; set; } = 100_000;

    /// <summary>The largest page body read.</summary>
    [Range(1024, 1L << 30)]
    public long MaxPageBytes { get; set; } = 64L * 1024 * 1024;
}
