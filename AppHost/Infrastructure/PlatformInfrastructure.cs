namespace MlOps.AppHost.Infrastructure;

/// <summary>What services need from the infrastructure, the same whether it runs in containers or as local servers.</summary>
public sealed class PlatformInfrastructure(
    string dataDir,
    LocalCredentials credentials,
    IResourceBuilder<IResourceWithConnectionString> messaging,
    IResourceBuilder<IResource> messagingReady,
    Func<string, IResourceBuilder<IResourceWithConnectionString>> addDatabase,
    IResourceBuilder<IResource>? databasesReady)
{
    /// <summary>The project's data folder: local servers' data, generated credentials, the registry's artifacts.</summary>
    public string DataDir { get; } = dataDir;

    public LocalCredentials Credentials { get; } = credentials;

    /// <summary>The RabbitMQ connection string resource, named "messaging".</summary>
    public IResourceBuilder<IResourceWithConnectionString> Messaging { get; } = messaging;

    /// <summary>What to wait for before using the broker.</summary>
    public IResourceBuilder<IResource> MessagingReady { get; } = messagingReady;

    /// <summary>Adds a service's database and returns it with what to wait for before using it.</summary>
    public (IResourceBuilder<IResourceWithConnectionString> Database, IResourceBuilder<IResource> Ready) AddDatabase(string name)
    {
        var database = addDatabase(name);
        return (database, databasesReady ?? database);
    }
}
