using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using MlOps.TestSupport;

namespace MlOps.Services.FunctionalTests.Infrastructure;

/// <summary>Runs one service in-process against the test PostgreSQL (a fresh database) and the test RabbitMQ (the functional vhost).</summary>
public sealed class ServiceFactory<TEntryPoint>(string connectionName, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<TEntryPoint>, IServiceUnderTest
    where TEntryPoint : class
{
    public string DatabaseName { get; } = TestInfrastructure.UniqueDatabase(connectionName);

    public string ConnectionString => TestInfrastructure.Postgres(DatabaseName);

    public System.Reflection.Assembly Assembly => typeof(TEntryPoint).Assembly;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting($"ConnectionStrings:{connectionName}", ConnectionString);
        builder.UseSetting("ConnectionStrings:messaging", TestInfrastructure.RabbitMq("functional").ToString());
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await TestInfrastructure.DropDatabaseAsync(DatabaseName);
    }
}
