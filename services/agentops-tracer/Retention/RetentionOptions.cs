using System.ComponentModel.DataAnnotations;

namespace MlOps.AgentOpsTracer.Retention;

/// <summary>How long spans are kept, per tenant, and the pace of the job that enforces it; bound from MlOps:Tracer:Retention.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "MlOps:Tracer:Retention";

    /// <summary>Off only where something else owns the schema's partitions.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the job runs (one replica at a time).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Days a span is kept after its start, for tenants without their own.</summary>
    [Range(1, 3650)]
    public int Days { get; set; } = 30;

    /// <summary>Tenants' own retention in days (shorter or longer than <see cref="Days"/>).</summary>
    public Dictionary<string, int> TenantDays { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Day partitions created ahead of today; more than the intake's clock skew, so no span lands in the default partition.</summary>
    [Range(2, 60)]
    public int DaysAhead { get; set; } = 3;

    /// <summary>The longest retention any tenant has: whole day partitions older than it are dropped.</summary>
    public int LongestDays => TenantDays.Values.Append(Days).Max();
}
