using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using Microsoft.Extensions.Hosting;

namespace MlOps.AppHost.Infrastructure;

public static class PlatformInfrastructureExtensions
{
    // The broker's administrator (local servers and containers); services never use it.
    private const string RabbitMqAdmin = "mlops";

    // The rabbitmq user (and group) of the official RabbitMQ image.
    private const int RabbitMqImageUser = 999;

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
        var servicesAsImages = options.Services switch
        {
            "images" => true,
            "projects" => false,
            _ => useContainers,
        };
        if (servicesAsImages && !useContainers)
        {
            throw new InvalidOperationException("MlOps:Infrastructure:Services=images needs PostgreSQL and RabbitMQ in containers too " +
                "(MlOps:Infrastructure:Mode=containers, or auto with a container runtime): containers cannot reach local servers on this machine's loopback.");
        }
        var infrastructure = useContainers
            ? AddContainers(builder, credentials, dataDir)
            : AddLocalServers(builder, options, credentials, repositoryRoot, dataDir);
        infrastructure.ServicesRunAsImages = servicesAsImages;
        return infrastructure;
    }

    /// <summary>
    /// The service's own database and broker user (waited for: its role and database are created first), and a health check
    /// at /health. The broker's connection string reaches the service under the usual name, "messaging".
    /// </summary>
    public static IResourceBuilder<T> WithPlatform<T>(this IResourceBuilder<T> project, PlatformInfrastructure infrastructure, string databaseName)
        where T : class, IResourceWithEnvironment, IResourceWithEndpoints, IResourceWithWaitSupport
    {
        var (database, messaging) = infrastructure.AddServiceAccount(project.Resource.Name, databaseName);
        return project
            .WithReference(database).WaitForCompletion(infrastructure.PostgresAccounts)
            .WithReference(messaging, "messaging").WaitFor(infrastructure.MessagingReady)
            .WithHttpHealthCheck("/health");
    }

    private static PlatformInfrastructure AddContainers(IDistributedApplicationBuilder builder, LocalCredentials credentials, string dataDir)
    {
        var postgresPassword = builder.AddParameter("postgres-password", credentials.PostgresPassword, secret: true);
        var rabbitUser = builder.AddParameter("rabbitmq-user", RabbitMqAdmin);
        var rabbitPassword = builder.AddParameter("rabbitmq-password", credentials.RabbitMqPassword, secret: true);
        var postgres = builder.AddPostgres("postgres", password: postgresPassword).WithDataVolume("mlops-postgres");
        var accounts = builder.AddPostgresAccounts("postgres-accounts", postgres, postgres.Resource.ConnectionStringExpression);
        var rabbit = builder.AddRabbitMQ("rabbitmq", rabbitUser, rabbitPassword).WithDataVolume("mlops-rabbitmq")
            // The image's server reads conf.d/*.conf; the definitions (made when the container is created, after every service
            // is added) are readable only by its rabbitmq user.
            .WithContainerFiles("/etc/rabbitmq", (_, _) => Task.FromResult<IEnumerable<ContainerFileSystemItem>>(
            [
                new ContainerFile
                {
                    Name = "mlops-definitions.json",
                    Contents = RabbitMqDefinitions.Build(RabbitMqAdmin, credentials.RabbitMqPassword, accounts.Resource.Accounts),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                },
            ]), defaultOwner: RabbitMqImageUser, defaultGroup: RabbitMqImageUser)
            .WithContainerFiles("/etc/rabbitmq/conf.d",
            [
                new ContainerFile { Name = "90-mlops-definitions.conf", Contents = "load_definitions = /etc/rabbitmq/mlops-definitions.json\n" },
            ], defaultOwner: RabbitMqImageUser, defaultGroup: RabbitMqImageUser);
        var pg = postgres.Resource.PrimaryEndpoint;
        var amqp = rabbit.Resource.PrimaryEndpoint;
        return new PlatformInfrastructure(builder, dataDir, credentials, accounts, rabbit,
            (account, password) => ReferenceExpression.Create(
                $"Host={pg.Property(EndpointProperty.Host)};Port={pg.Property(EndpointProperty.Port)};Username={account.Role};Password={password};Database={account.Database}"),
            (account, password) => ReferenceExpression.Create(
                $"amqp://{account.RabbitMqUser}:{password}@{amqp.Property(EndpointProperty.Host)}:{amqp.Property(EndpointProperty.Port)}"))
        {
            UsesContainers = true,
        };
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
        var accounts = builder.AddPostgresAccounts("postgres-accounts", postgres,
            ReferenceExpression.Create($"Host=127.0.0.1;Port={pgPort};Username=mlops;Password={postgresPassword};Database=postgres"));

        // The broker imports its users from this file on every boot; it is written at start, once every service is added.
        var definitions = Path.Combine(dataDir, "accounts", "rabbitmq-definitions.json");
        builder.Eventing.Subscribe<BeforeStartEvent>((_, cancellationToken) => WriteOwnerOnlyAsync(definitions,
            RabbitMqDefinitions.Build(RabbitMqAdmin, credentials.RabbitMqPassword, accounts.Resource.Accounts), cancellationToken));
        builder.Services.AddHealthChecks().AddCheck("rabbitmq-accepts-connections", new TcpPortHealthCheck(options.RabbitMqPort));
        var rabbit = builder.AddExecutable("rabbitmq", "bash", repositoryRoot, Path.Combine(scripts, "rabbitmq.sh"), Path.Combine(dataDir, "rabbitmq"), amqpPort, distPort, RabbitMqAdmin)
            .WithEnvironment("MLOPS_RABBITMQ_PASSWORD", rabbitPassword)
            .WithEnvironment("MLOPS_RABBITMQ_DEFINITIONS_FILE", definitions)
            .WithHealthCheck("rabbitmq-accepts-connections");

        return new PlatformInfrastructure(builder, dataDir, credentials, accounts, rabbit,
            (account, password) => ReferenceExpression.Create(
                $"Host=127.0.0.1;Port={pgPort};Username={account.Role};Password={password};Database={account.Database}"),
            (account, password) => ReferenceExpression.Create($"amqp://{account.RabbitMqUser}:{password}@127.0.0.1:{amqpPort}"));
    }

    private static async Task WriteOwnerOnlyAsync(string path, string contents, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        await using var file = new FileStream(path, options);
        await using var writer = new StreamWriter(file);
        await writer.WriteAsync(contents.AsMemory(), cancellationToken);
    }
}
