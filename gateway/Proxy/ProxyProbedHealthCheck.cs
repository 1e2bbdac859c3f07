using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy.Health;

namespace MlOps.Gateway.Proxy;

/// <summary>
/// Readiness of a gateway replica waits for YARP's first round of active probes: until then every service replica counts as
/// healthy, so a gateway that starts while one is down would send it requests (and fail the POSTs) before it learned.
/// </summary>
public sealed class ProxyProbedHealthCheck(IActiveHealthCheckMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(monitor.InitialProbeCompleted
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("the first probe of the services' replicas has not finished"));
}
