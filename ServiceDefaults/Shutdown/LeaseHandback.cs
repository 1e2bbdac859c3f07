using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace MlOps.ServiceDefaults.Shutdown;

/// <summary>
/// Runs one unit of leased work (a claimed window, batch job, run or draft) and, when the host's stop ends it mid-way, hands
/// the lease back at once, so another replica takes the work over now rather than when the lease runs out. The hand-back is
/// bounded by <see cref="Timeout"/> and never throws: should it fail, it is logged and the lease runs out as before.
/// </summary>
public sealed partial class LeaseHandback(TimeProvider time, ILogger<LeaseHandback> logger)
{
    /// <summary>How long a hand-back may hold up the stop.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs <paramref name="work"/>; when it ends in an exception after <paramref name="stoppingToken"/> was cancelled, calls
    /// <paramref name="handBack"/> (true: something was still held and is handed back) and rethrows the work's exception.
    /// </summary>
    /// <param name="lease">What is held, for the log (e.g. "window 0193…").</param>
    public async Task RunAsync(string lease, Func<CancellationToken, Task> work, Func<CancellationToken, Task<bool>> handBack,
        CancellationToken stoppingToken)
    {
        try
        {
            await work(stoppingToken);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            await HandBackAsync(lease, handBack);
            throw;
        }
    }

    private async Task HandBackAsync(string lease, Func<CancellationToken, Task<bool>> handBack)
    {
        using var limit = new CancellationTokenSource(Timeout, time);
        try
        {
            // WaitAsync bounds a hand-back that does not watch its token too.
            if (await handBack(limit.Token).WaitAsync(limit.Token))
            {
                LogHandedBack(logger, lease);
            }
        }
        catch (Exception e) when (e is DbException or OperationCanceledException or TimeoutException or ObjectDisposedException
            or InvalidOperationException)
        {
            LogHandBackFailed(logger, e, lease);
        }
    }

    [LoggerMessage(EventId = 9210, Level = LogLevel.Information, Message = "Handed back {Lease}, stopped before it finished")]
    private static partial void LogHandedBack(ILogger logger, string lease);

    [LoggerMessage(EventId = 9211, Level = LogLevel.Warning,
        Message = "Could not hand back {Lease}, stopped before it finished; it is taken over when its lease runs out")]
    private static partial void LogHandBackFailed(ILogger logger, Exception exception, string lease);
}
