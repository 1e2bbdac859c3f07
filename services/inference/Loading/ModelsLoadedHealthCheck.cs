using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MlOps.Inference.Loading;

/// <summary>
/// Readiness of an inference replica: not ready until it has loaded the models the deployments table names (a replica that
/// starts beside a serving one would otherwise answer 503 "loading" to the requests a load balancer sends it).
/// </summary>
public sealed class ModelsLoadedHealthCheck(DeploymentReconciler reconciler) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(reconciler.StartupSweepDone
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("loading the deployed models"));
}
