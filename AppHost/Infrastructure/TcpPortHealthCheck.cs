using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MlOps.AppHost.Infrastructure;

/// <summary>Healthy once a local server accepts connections on its loopback port (RabbitMQ opens it only when booted).</summary>
public sealed class TcpPortHealthCheck(int port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (SocketException e)
        {
            return HealthCheckResult.Unhealthy($"Nothing accepts connections on 127.0.0.1:{port} yet.", e);
        }
    }
}
