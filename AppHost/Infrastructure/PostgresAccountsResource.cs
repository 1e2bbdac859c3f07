namespace MlOps.AppHost.Infrastructure;

/// <summary>
/// The step that gives each service its PostgreSQL role and database, run by the AppHost against the server as its
/// superuser once the server is healthy, in both infrastructure modes; services wait for it to finish.
/// </summary>
public sealed class PostgresAccountsResource(string name, string serverName, ReferenceExpression adminConnectionString) : Resource(name)
{
    /// <summary>The server resource waited for before provisioning.</summary>
    public string ServerName { get; } = serverName;

    /// <summary>The superuser's connection string, to the server's maintenance database.</summary>
    public ReferenceExpression AdminConnectionString { get; } = adminConnectionString;

    public List<ServiceAccount> Accounts { get; } = [];

    /// <summary>Warehouses, provisioned after the accounts (their owners are service roles).</summary>
    public List<WarehouseAccount> Warehouses { get; } = [];
}
