using Microsoft.Extensions.Options;
using MlOps.Gateway.Llm.Models;

namespace MlOps.Gateway.Llm.Quotas;

/// <summary>
/// Reports each lease's new charges to the ledger, records charges beyond what was leased, and hands back leases idle
/// for two flush intervals (or of ended windows) so other replicas can use them; then renews this replica's leases and
/// reclaims those of replicas that stopped renewing theirs for <see cref="LlmOptions.LeaseTtl"/>.
/// </summary>
public sealed partial class QuotaFlusher(QuotaBook book, QuotaLedger ledger, IOptions<LlmOptions> options, TimeProvider time, ILogger<QuotaFlusher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval, time);
        while (await timer.TickOrStopAsync(stoppingToken))
        {
            await FlushAsync(handBackAll: false, stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // A replica that stops hands everything back.
        await FlushAsync(handBackAll: true, cancellationToken);
    }

    // One pass at a time: the timer, shutdown and tests may ask at once, and two passes would report the same charges twice.
    private readonly SemaphoreSlim _passing = new(1, 1);

    /// <summary>One pass over the leases; public so tests and shutdown can flush at once.</summary>
    public async Task FlushAsync(bool handBackAll, CancellationToken cancellationToken)
    {
        await _passing.WaitAsync(cancellationToken);
        try
        {
            await PassAsync(handBackAll, cancellationToken);
        }
        finally
        {
            _passing.Release();
        }
    }

    private async Task PassAsync(bool handBackAll, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var lease in book.Leases)
        {
            long charged, returned, overdrawn, reserved, chargedInAll;
            lock (lease.Sync)
            {
                (reserved, chargedInAll) = (lease.Reserved, lease.Charged);
                charged = lease.Charged - lease.Reported;
                overdrawn = Math.Max(0, -lease.Available);
                lease.Leased += overdrawn;
                var idle = lease.Reserved == 0 && (handBackAll || now >= lease.Spec.WindowEnd || now - lease.LastUsed >= 2 * options.Value.FlushInterval);
                returned = idle ? lease.Available : 0;
                lease.Leased -= returned;
                lease.Reported += charged;
            }
            if (charged == 0 && returned == 0 && overdrawn == 0)
            {
                if (now >= lease.Spec.WindowEnd && lease.Reserved == 0)
                {
                    book.Forget(lease);
                }
                continue;
            }
            try
            {
                if (!await ledger.ReportAsync(lease.Spec, charged, returned, overdrawn, reserved, cancellationToken))
                {
                    // Taken for dead and reclaimed: the ledger now counts only what was charged and held, and so does the lease.
                    lock (lease.Sync)
                    {
                        lease.Leased = chargedInAll + reserved;
                    }
                    LogLeaseReclaimed(logger, lease.Spec.KeyId, lease.Spec.Kind);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Keep the lease whole: the charges are reported next time, and what was to be handed back is kept.
                lock (lease.Sync)
                {
                    lease.Leased += returned - overdrawn;
                    lease.Reported -= charged;
                }
                LogReportFailed(logger, exception, lease.Spec.KeyId, lease.Spec.Kind);
            }
        }
        try
        {
            if (await ledger.RenewAndReclaimAsync(options.Value.LeaseTtl, cancellationToken) is > 0 and var reclaimed)
            {
                LogReclaimed(logger, reclaimed);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRenewFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reporting quota {Kind} of key {KeyId} failed; retrying on the next flush")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, Guid keyId, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This replica's lease of quota {Kind} of key {KeyId} had been reclaimed (not renewed within LeaseTtl); its unused share is gone")]
    private static partial void LogLeaseReclaimed(ILogger logger, Guid keyId, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reclaimed {Count} quota leases of replicas that stopped renewing them")]
    private static partial void LogReclaimed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing and reclaiming quota leases failed; retrying on the next flush")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception);
}
