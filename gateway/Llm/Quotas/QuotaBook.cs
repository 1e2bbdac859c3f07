using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MlOps.Gateway.Llm.Models;

namespace MlOps.Gateway.Llm.Quotas;

/// <summary>
/// Reserves and settles quota amounts against this replica's leases, leasing another chunk from the ledger only when a
/// lease runs short. Every amount charged was first leased, and leases never pass a window's limit, so the sum of
/// charges over all replicas stays within the limit (a settlement above its reservation is the one overrun, recorded as such).
/// </summary>
public sealed class QuotaBook(QuotaLedger ledger, IOptions<LlmOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(Guid, string, DateTime), QuotaLease> _leases = new();

    /// <summary>One amount held in one lease until settled or released.</summary>
    public sealed record Reservation(QuotaLease Lease, long Amount);

    /// <summary>Holds the amount, leasing more when needed; null when the window cannot give it.</summary>
    public async ValueTask<Reservation?> TryReserveAsync(QuotaSpec spec, long amount, CancellationToken cancellationToken)
    {
        var lease = _leases.GetOrAdd(KeyOf(spec), _ => new QuotaLease(spec));
        if (TryHold(lease, amount))
        {
            return new Reservation(lease, amount);
        }
        await lease.Leasing.WaitAsync(cancellationToken);
        try
        {
            if (TryHold(lease, amount))
            {
                return new Reservation(lease, amount);
            }
            long shortBy;
            lock (lease.Sync)
            {
                shortBy = amount - lease.Available;
            }
            var chunk = (long)Math.Ceiling(spec.Limit * options.Value.LeaseFraction);
            // Not cancelled by the caller leaving: a lease the ledger granted but this replica never recorded would stay
            // granted to no one.
            var result = await ledger.LeaseAsync(spec, Math.Max(shortBy, chunk), CancellationToken.None);
            lock (lease.Sync)
            {
                lease.Leased += result.Leased;
                lease.LastSeenGranted = result.Granted;
            }
            return TryHold(lease, amount) ? new Reservation(lease, amount) : null;
        }
        finally
        {
            lease.Leasing.Release();
        }
    }

    /// <summary>Charges the actual amount for a finished request and frees its reservation.</summary>
    public void Settle(Reservation reservation, long actual)
    {
        var lease = reservation.Lease;
        lock (lease.Sync)
        {
            lease.Reserved -= reservation.Amount;
            lease.Charged += actual;
            lease.LastUsed = time.GetUtcNow().UtcDateTime;
        }
    }

    /// <summary>Frees a reservation without charging: rejected and failed requests are never charged.</summary>
    public void Release(Reservation reservation) => Settle(reservation, 0);

    /// <summary>What is left of a quota window as this replica last saw it (0 when it holds no lease of it).</summary>
    public long RemainingOf(QuotaSpec spec) => _leases.TryGetValue(KeyOf(spec), out var lease) ? lease.Remaining : 0;

    /// <summary>The leases to report, for the flusher.</summary>
    public ICollection<QuotaLease> Leases => _leases.Values;

    /// <summary>Forgets a lease of an ended window once everything in it is reported and handed back.</summary>
    public void Forget(QuotaLease lease) => _leases.TryRemove(new KeyValuePair<(Guid, string, DateTime), QuotaLease>(KeyOf(lease.Spec), lease));

    private static (Guid, string, DateTime) KeyOf(QuotaSpec spec) => (spec.KeyId, spec.Kind, spec.WindowStart);

    private bool TryHold(QuotaLease lease, long amount)
    {
        lock (lease.Sync)
        {
            if (lease.Available < amount)
            {
                return false;
            }
            lease.Reserved += amount;
            lease.LastUsed = time.GetUtcNow().UtcDateTime;
            return true;
        }
    }
}
