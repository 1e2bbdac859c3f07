using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlOps.TestSupport;

namespace MlOps.Gateway.Tests;

/// <summary>The gateway in-process on a fresh database, proxying every service route to an echo server over real HTTP.</summary>
public sealed class GatewayFactory(
    string downstream, string? adminKey, int permitPerSecond = 1000, int burst = 1000, string? databaseName = null, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<MlOps.Gateway.Model.ApiKeyIdentity>
{
    /// <summary>A fresh database, or a given one so that several gateways act as replicas of one deployment.</summary>
    public string DatabaseName { get; } = databaseName ?? TestInfrastructure.UniqueDatabase("gateway");

    public string ConnectionString => TestInfrastructure.Postgres(DatabaseName);

    public LogCapture Logs { get; } = new();

    /// <summary>Off for a replica, so the database is dropped once, by the last gateway to stop.</summary>
    public bool DropDatabaseOnDispose { get; init; } = true;

    /// <summary>The gateway's clock (a FakeTimeProvider the test moves), or null for the system's.</summary>
    public TimeProvider? Clock { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("ConnectionStrings:gatewaydb", ConnectionString);
        builder.UseSetting("ConnectionStrings:messaging", TestInfrastructure.RabbitMq("gateway").ToString());
        builder.UseSetting("MLOPS_ADMIN_KEY", adminKey ?? "");
        // A generated admin key goes to a scratch file, never into the source tree.
        builder.UseSetting("MlOps:Gateway:AdminKeyFile", Path.Combine(Path.GetTempPath(), "mlops-gateway-tests", DatabaseName, "admin-key"));
        builder.UseSetting("MlOps:Gateway:PermitPerSecond", permitPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("MlOps:Gateway:Burst", burst.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var service in MlOps.ServiceDefaults.Identity.PlatformScopes.ServicePrefixes.Keys)
        {
            builder.UseSetting($"services:{service}:http:0", downstream);
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        if (Clock is { } clock)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }

    public HttpClient CreateClient(string? key)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        }
        return client;
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
