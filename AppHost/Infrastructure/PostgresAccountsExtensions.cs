using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MlOps.AppHost.Infrastructure;

public static partial class PostgresAccountsExtensions
{
    /// <summary>Adds the provisioning step; it waits for <paramref name="server"/> to be healthy, then finishes with exit code 0 or 1.</summary>
    public static IResourceBuilder<PostgresAccountsResource> AddPostgresAccounts(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<IResource> server, ReferenceExpression adminConnectionString)
    {
        var resource = new PostgresAccountsResource(name, server.Resource.Name, adminConnectionString);
        return builder.AddResource(resource)
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "PostgresAccounts", State = KnownResourceStates.NotStarted, Properties = [] })
            .WithParentRelationship(server)
            .OnInitializeResource((accounts, @event, initializing) =>
            {
                // Runs in the background: initialisation must return for the rest of the application to start.
                var stopping = @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
                _ = Task.Run(() => RunAsync(accounts, @event.Notifications, @event.Logger, stopping), stopping);
                return Task.CompletedTask;
            });
    }

    private static async Task RunAsync(PostgresAccountsResource accounts, ResourceNotificationService notifications, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await notifications.PublishUpdateAsync(accounts, s => s with { State = KnownResourceStates.Waiting });
            await notifications.WaitForResourceHealthyAsync(accounts.ServerName, cancellationToken);
            await notifications.PublishUpdateAsync(accounts, s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
            var admin = await accounts.AdminConnectionString.GetValueAsync(cancellationToken)
                ?? throw new InvalidOperationException("The PostgreSQL superuser's connection string has no value.");
            foreach (var account in accounts.Accounts)
            {
                await PostgresAccountProvisioner.ProvisionAsync(admin, account, cancellationToken);
                LogProvisioned(logger, account.Role, account.Database);
            }
            foreach (var warehouse in accounts.Warehouses)
            {
                await WarehouseProvisioner.ProvisionAsync(admin, warehouse, cancellationToken);
                LogProvisioned(logger, warehouse.Owner.Role, warehouse.Database);
            }
            await notifications.PublishUpdateAsync(accounts, s => s with
            {
                State = KnownResourceStates.Finished, ExitCode = 0, StopTimeStamp = DateTime.UtcNow,
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The application is stopping.
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException)
        {
            LogFailed(logger, e);
            await notifications.PublishUpdateAsync(accounts, s => s with
            {
                State = KnownResourceStates.Exited, ExitCode = 1, StopTimeStamp = DateTime.UtcNow,
            });
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Role {Role} owns database {Database}; other roles cannot connect to it")]
    private static partial void LogProvisioned(ILogger logger, string role, string database);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Could not create the services' PostgreSQL roles and databases")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
