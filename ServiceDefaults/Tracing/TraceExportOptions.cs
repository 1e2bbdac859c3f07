using System.ComponentModel.DataAnnotations;

namespace MlOps.ServiceDefaults.Tracing;

/// <summary>Where this service's GenAI spans go besides the dashboard (agentops-tracer), bound from MlOps:TraceExport.</summary>
public sealed class TraceExportOptions
{
    public const string SectionName = "MlOps:TraceExport";

    /// <summary>The tracer's base address (its OTLP intake is <c>/v1/traces</c> below it); no export at all when unset.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The tenant of the service token the export travels under; each span's own tenant is its <c>mlops.tenant</c>.</summary>
    [RegularExpression("^[A-Za-z0-9_-]{1,64}$")]
    public string Tenant { get; set; } = "platform";

    /// <summary>Spans waiting for export; beyond it new spans are dropped (and counted by the SDK), never held in memory.</summary>
    [Range(1, 1_000_000)]
    public int MaxQueueSize { get; set; } = 2048;

    /// <summary>Spans per export request (the SDK's default).</summary>
    [Range(1, 100_000)]
    public int MaxExportBatchSize { get; set; } = 512;

    /// <summary>How long a batch waits to fill before it is sent anyway.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ScheduledDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one export request may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ExportTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
