using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MlOps.ServiceDefaults.Shutdown;

/// <summary>
/// On stop, turns readiness (/health) to 503 and keeps the server up for <see cref="ShutdownOptions.DrainDelay"/> before any
/// hosted service (Kestrel included) stops: requests that load balancers still send in that time are served, not refused.
/// Liveness (/alive) stays healthy, so nothing restarts a replica that is draining.
/// </summary>
public sealed partial class ShutdownDrain(IOptions<ShutdownOptions> options, TimeProvider time, ILogger<ShutdownDrain> logger)
    : IHostedLifecycleService, IHealthCheck
{
    private volatile bool _draining;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_draining ? HealthCheckResult.Unhealthy("stopping: draining before the port closes") : HealthCheckResult.Healthy());

    // Runs before every hosted service's StopAsync, while Kestrel still listens.
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var delay = options.Value.DrainDelay;
        if (delay <= TimeSpan.Zero)
        {
            return;
        }
        _draining = true;
        LogDraining(logger, delay.TotalSeconds);
        await Task.Delay(delay, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 9200, Level = LogLevel.Information,
        Message = "Stopping: /health answers 503 and requests are still served for {Seconds} s before the port closes")]
    private static partial void LogDraining(ILogger logger, double seconds);
}
