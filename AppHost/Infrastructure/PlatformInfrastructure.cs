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
}
