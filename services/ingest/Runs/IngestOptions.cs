using System.ComponentModel.DataAnnotations;

namespace MlOps.Ingest.Runs;

/// <summary>Runs and schedules, bound from MlOps:Ingest.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "MlOps:Ingest";

    /// <summary>How long a replica holds a run without renewing; a run whose holder stopped is taken over after it.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan RunLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often idle workers look for queued runs and due schedules (a new run wakes them at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a running load records its progress (and notices a cancel).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Runs that stopped this many times without finishing (the replica died each time) are failed, not retried.</summary>
    [Range(1, 100)]
    public int MaxClaims { get; set; } = 3;

    /// <summary>Whether the demo pipeline (the demo loans file into the warehouse) is created and run on first start.</summary>
    public bool BootstrapDemoPipeline { get; set; } = true;

    /// <summary>The tenant that owns the demo pipeline: the operator's, as for the demo model.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_-]{1,64}$")]
    public string DemoTenant { get; set; } = "admin";

    /// <summary>Where path locations of file sources are read from (relative paths only, never outside it).</summary>
    [Required]
    public string FilesRoot { get; set; } = Path.Combine(".mlops", "ingest", "files");

    /// <summary>Largest file POST /uploads stores.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 5L * 1024 * 1024 * 1024;

    /// <summary>What one tenant's uploads may take together; an upload past it is refused (delete loaded files to make room).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxUploadBytesPerTenant { get; set; } = 50L * 1024 * 1024 * 1024;

    /// <summary>false for an API-only replica: it queues runs and schedules, other replicas load.</summary>
    public bool RunLoads { get; set; } = true;

    /// <summary>A load still running after this long is stopped and fails; nothing of it becomes visible.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxRunDuration { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Runs of one tenant loading at once across the replicas (about: two replicas claiming together may each take one).</summary>
    [Range(1, 64)]
    public int MaxActiveRunsPerTenant { get; set; } = 1;

    /// <summary>The shortest interval a pipeline's schedule may have.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MinScheduleInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Loads one replica runs at once.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 2;
}
