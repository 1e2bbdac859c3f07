using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using System.Globalization;

namespace MlOps.AppHost.Infrastructure;

public static class PlatformInfrastructureExtensions
{
    /// <summary>PostgreSQL and RabbitMQ as containers when a container runtime answers, otherwise as local servers from the OS packages.</summary>
    public static PlatformInfrastructure AddPlatformInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("MlOps:Infrastructure").Get<InfrastructureOptions>() ?? new InfrastructureOptions();
        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var dataDir = Path.GetFullPath(options.DataDir ?? Path.Combine(repositoryRoot, ".mlops", "data"));
        var credentials = LocalCredentials.LoadOrCreate(dataDir);
        var useContainers = options.Mode switch
        {
            "containers" => true,
            "local" => false,
            _ => ContainerRuntimeProbe.IsAvailable(),
        };
        return useContainers
            ? AddContainers(builder, credentials, dataDir)
            : AddLocalServers(builder, options, credentials, repositoryRoot, dataDir);
    }

    /// <summary>The service's database, the broker, and a health check at /health, each waited for.</summary>
    public static IResourceBuilder<ProjectResource> WithPlatform(this IResourceBuilder<ProjectResource> project, PlatformInfrastructure infrastructure, string databaseName)
    {
        var (database, databaseReady) = infrastructure.AddDatabase(databaseName);
        return project
            .WithReference(database).WaitFor(databaseReady)
            .WithReference(infrastructure.Messaging).WaitFor(infrastructure.MessagingReady)
            .WithHttpHealthCheck("/health");
    }

    private static PlatformInfrastructure AddContainers(IDistributedApplicationBuilder builder, LocalCredentials credentials, string dataDir)
    {
        var postgresPassword = builder.AddParameter("postgres-password", credentials.PostgresPassword, secret: true);
        var rabbitPassword = builder.AddParameter("rabbitmq-password", credentials.RabbitMqPassword, secret: true);
        var postgres = builder.AddPostgres("postgres", password: postgresPassword).WithDataVolume("mlops-postgres");
        var rabbit = builder.AddRabbitMQ("messaging", password: rabbitPassword).WithDataVolume("mlops-rabbitmq");
        return new PlatformInfrastructure(dataDir, credentials, rabbit, rabbit, name => postgres.AddDatabase(name), null);
    }

    private static PlatformInfrastructure AddLocalServers(IDistributedApplicationBuilder builder, InfrastructureOptions options, LocalCredentials credentials, string repositoryRoot, string dataDir)
    {
        var scripts = Path.Combine(repositoryRoot, "scripts", "local-infra");
        var postgresPassword = builder.AddParameter("postgres-password", credentials.PostgresPassword, secret: true);
        var rabbitPassword = builder.AddParameter("rabbitmq-password", credentials.RabbitMqPassword, secret: true);
        var pgPort = options.PostgresPort.ToString(CultureInfo.InvariantCulture);
        var amqpPort = options.RabbitMqPort.ToString(CultureInfo.InvariantCulture);
        var distPort = (options.RabbitMqDistPort ?? options.RabbitMqPort + 1).ToString(CultureInfo.InvariantCulture);

        var postgresAddress = $"Host=127.0.0.1;Port={pgPort};Username=mlops;Password={credentials.PostgresPassword};Database=postgres;Pooling=false;Timeout=3";
        builder.Services.AddHealthChecks().AddNpgSql(postgresAddress, name: "postgres-accepts-queries");
        var postgres = builder.AddExecutable("postgres", "bash", repositoryRoot, Path.Combine(scripts, "postgres.sh"), Path.Combine(dataDir, "postgres"), pgPort)
            .WithEnvironment("MLOPS_PG_PASSWORD", postgresPassword)
            .WithHealthCheck("postgres-accepts-queries");

        builder.Services.AddHealthChecks().AddCheck("rabbitmq-accepts-connections", new TcpPortHealthCheck(options.RabbitMqPort));
        var rabbit = builder.AddExecutable("rabbitmq", "bash", repositoryRoot, Path.Combine(scripts, "rabbitmq.sh"), Path.Combine(dataDir, "rabbitmq"), amqpPort, distPort, "mlops")
            .WithEnvironment("MLOPS_RABBITMQ_PASSWORD", rabbitPassword)
            .WithHealthCheck("rabbitmq-accepts-connections");

        var messaging = builder.AddConnectionString("messaging", ReferenceExpression.Create($"amqp://mlops:{rabbitPassword}@127.0.0.1:{amqpPort}"));
        return new PlatformInfrastructure(dataDir, credentials, messaging, rabbit,
            name => builder.AddConnectionString(name, ReferenceExpression.Create($"Host=127.0.0.1;Port={pgPort};Username=mlops;Password={postgresPassword};Database={name}")),
            postgres);
    }
}
