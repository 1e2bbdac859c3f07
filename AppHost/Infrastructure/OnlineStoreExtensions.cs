using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MlOps.AppHost.Infrastructure;

/// <summary>
/// The feature store's online store: its own PostgreSQL database by default (nothing to start), or Redis when
/// MlOps:FeatureStore:OnlineStore is "redis" — a container where the platform runs containers, otherwise Debian's redis-server as a
/// private local server (scripts/local-infra/redis.sh) on MlOps:Infrastructure:RedisPort, like PostgreSQL and RabbitMQ.
/// </summary>
public static class OnlineStoreExtensions
{
    public static IResourceBuilder<T> WithOnlineStore<T>(this IResourceBuilder<T> featureStore, PlatformInfrastructure infrastructure)
        where T : class, IResourceWithEnvironment, IResourceWithEndpoints, IResourceWithWaitSupport
    {
        var builder = featureStore.ApplicationBuilder;
        if (builder.Configuration["MlOps:FeatureStore:OnlineStore"] != "redis")
        {
            return featureStore;
        }
        var password = builder.AddParameter("redis-password", LocalCredentials.AccountPassword(infrastructure.DataDir, "feature-store", "redis"), secret: true);
        featureStore.WithEnvironment("MlOps__FeatureStore__OnlineStore", "redis");
        if (infrastructure.UsesContainers)
        {
            var container = builder.AddRedis("onlinestore", password: password).WithDataVolume("mlops-redis");
            return featureStore.WithReference(container).WaitFor(container);
        }
        var options = builder.Configuration.GetSection("MlOps:Infrastructure").Get<InfrastructureOptions>() ?? new InfrastructureOptions();
        var port = options.RedisPort.ToString(CultureInfo.InvariantCulture);
        var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        builder.Services.AddHealthChecks().AddCheck("redis-accepts-connections", new TcpPortHealthCheck(options.RedisPort));
        var redis = builder.AddExecutable("redis", "bash", root, Path.Combine(root, "scripts", "local-infra", "redis.sh"),
                Path.Combine(infrastructure.DataDir, "redis"), port)
            .WithEnvironment("MLOPS_REDIS_PASSWORD", password)
            .WithHealthCheck("redis-accepts-connections");
        var connection = builder.AddConnectionString("onlinestore", ReferenceExpression.Create($"127.0.0.1:{port},password={password}"));
        return featureStore.WithReference(connection).WaitFor(redis);
    }
}
