using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.TestSupport;

/// <summary>
/// Runs one service in-process against the test PostgreSQL (a fresh database unless one is given, to restart a service on
/// its data) and the test RabbitMQ (the functional virtual host unless another is given).
/// </summary>
public sealed class ServiceFactory<TEntryPoint>(
    string connectionName, IReadOnlyDictionary<string, string>? settings = null, string virtualHost = "functional",
    Action<IServiceCollection>? services = null, string? databaseName = null) : WebApplicationFactory<TEntryPoint>, IServiceUnderTest
    where TEntryPoint : class
{
    public string DatabaseName { get; } = databaseName ?? TestInfrastructure.UniqueDatabase(connectionName);

    public string ConnectionString => TestInfrastructure.Postgres(DatabaseName);

    public System.Reflection.Assembly Assembly => typeof(TEntryPoint).Assembly;

    /// <summary>Whether disposing drops the database; off for a factory whose data a successor takes over.</summary>
    public bool DropDatabaseOnDispose { get; init; } = databaseName is null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting($"ConnectionStrings:{connectionName}", ConnectionString);
        builder.UseSetting("ConnectionStrings:messaging", TestInfrastructure.RabbitMq(virtualHost).ToString());
        builder.UseSetting("MlOps:Identity:Jwks", TestIdentity.Keys.Jwks);
        builder.UseSetting("MlOps:Identity:MetricsCredential", TestIdentity.MetricsCredential);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(collection =>
        {
            collection.AddSingleton<IServiceTokenSource, TestServiceTokens>();
            services?.Invoke(collection);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (DropDatabaseOnDispose)
        {
            await TestInfrastructure.DropDatabaseAsync(DatabaseName);
        }
    }
}
