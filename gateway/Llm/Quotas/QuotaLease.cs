namespace MlOps.Gateway.Llm.Quotas;

/// <summary>A replica's part of one quota window, kept in memory so the hot path needs no database trip.</summary>
public sealed class QuotaLease(QuotaSpec spec)
{
    public QuotaSpec Spec { get; } = spec;

    /// <summary>Serializes leasing more from the ledger, so one shortage costs one trip, not one per waiting request.</summary>
    public SemaphoreSlim Leasing { get; } = new(1, 1);

    public object Sync { get; } = new();

    /// <summary>What this replica holds of the window (leased, not handed back).</summary>
    public long Leased { get; set; }

    /// <summary>Held for requests in flight.</summary>
    public long Reserved { get; set; }

    /// <summary>Charged for finished requests.</summary>
    public long Charged { get; set; }

    /// <summary>Part of <see cref="Charged"/> already reported to the ledger.</summary>
    public long Reported { get; set; }

    /// <summary>The window's total granted over all replicas, as last seen.</summary>
    public long LastSeenGranted { get; set; }

    public DateTime LastUsed { get; set; }

    public long Available => Leased - Reserved - Charged;

    /// <summary>An estimate of what is left of the window over all replicas.</summary>
    public long Remaining => Math.Max(0, Spec.Limit - LastSeenGranted + Math.Max(0, Available));
}
