namespace MlOps.AppHost.Infrastructure;

/// <summary>What services need from the infrastructure, the same whether it runs in containers or as local servers.</summary>
public sealed class PlatformInfrastructure(
    IDistributedApplicationBuilder builder,
    string dataDir,
    LocalCredentials credentials,
    IResourceBuilder<PostgresAccountsResource> postgresAccounts,
    IResourceBuilder<IResource> messagingReady,
    Func<ServiceAccount, IResourceBuilder<ParameterResource>, ReferenceExpression> databaseConnection,
    Func<ServiceAccount, IResourceBuilder<ParameterResource>, ReferenceExpression> messagingConnection)
{
    /// <summary>The project's data folder: local servers' data, generated credentials, the registry's artifacts.</summary>
    public string DataDir { get; } = dataDir;

    public LocalCredentials Credentials { get; } = credentials;

    /// <summary>Whether the servers run as containers (a container runtime answered) rather than as local servers.</summary>
    public bool UsesContainers { get; init; }

    /// <summary>Whether the services run as their container images (mlops/&lt;name&gt;:dev) rather than as processes built from their projects.</summary>
    public bool ServicesRunAsImages { get; internal set; }

    /// <summary>The step that creates every service's role and database; finished before any service starts.</summary>
    public IResourceBuilder<PostgresAccountsResource> PostgresAccounts { get; } = postgresAccounts;

    /// <summary>What to wait for before using the broker (whose users exist from its boot).</summary>
    public IResourceBuilder<IResource> MessagingReady { get; } = messagingReady;

    /// <summary>Every service's account, in the order services were added; the broker's definitions are made from it at start.</summary>
    public List<ServiceAccount> Accounts => PostgresAccounts.Resource.Accounts;

    /// <summary>
    /// Gives <paramref name="service"/> its own role owning <paramref name="database"/> and its own broker user, and returns
    /// their connection strings: "<paramref name="database"/>" and "&lt;service&gt;-messaging".
    /// </summary>
    public (IResourceBuilder<IResourceWithConnectionString> Database, IResourceBuilder<IResourceWithConnectionString> Messaging) AddServiceAccount(
        string service, string database)
    {
        var account = ServiceAccount.LoadOrCreate(DataDir, service, database);
        Accounts.Add(account);
        var postgresPassword = builder.AddParameter($"{service}-postgres-password", account.PostgresPassword, secret: true);
        var rabbitPassword = builder.AddParameter($"{service}-rabbitmq-password", account.RabbitMqPassword, secret: true);
        return (builder.AddConnectionString(database, databaseConnection(account, postgresPassword)),
            builder.AddConnectionString($"{service}-messaging", messagingConnection(account, rabbitPassword)));
    }

    /// <summary>
    /// The warehouse database, owned by <paramref name="ownerService"/>'s role (added before), and its read-only role; returns
    /// the owner's and the reader's connection strings ("&lt;database&gt;" and "&lt;database&gt;-reader").
    /// </summary>
    public (IResourceBuilder<IResourceWithConnectionString> Owner, IResourceBuilder<IResourceWithConnectionString> Reader) AddWarehouse(
        string ownerService, string database)
    {
        var owner = Accounts.Single(a => a.Service == ownerService);
        var reader = ServiceAccount.LoadOrCreate(DataDir, $"{database}-reader", database);
        PostgresAccounts.Resource.Warehouses.Add(new WarehouseAccount(owner, database, reader));
        var ownerPassword = builder.AddParameter($"{database}-owner-password", owner.PostgresPassword, secret: true);
        var readerPassword = builder.AddParameter($"{database}-reader-password", reader.PostgresPassword, secret: true);
        return (builder.AddConnectionString(database, databaseConnection(owner with { Database = database }, ownerPassword)),
            builder.AddConnectionString($"{database}-reader", databaseConnection(reader, readerPassword)));
    }
}
