using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MlOps.Gateway.Tests;

/// <summary>Gateways with their own settings: tight rate limits, or no admin key configured.</summary>
public sealed class StandaloneGatewayTests
{
    [Fact]
    public async Task RateLimit_BeyondBurst_Returns429WithRetryAfter_OtherKeysUnaffected()
    {
        await using var echo = await EchoService.StartAsync();
        const string adminKey = "rate-limit-admin-key-0001";
        await using var gateway = new GatewayFactory(echo.Address, adminKey, permitPerSecond: 1, burst: 3);
        using var admin = gateway.CreateClient(adminKey);
        var tenantKey = await admin.CreateKeyAsync("rate-test", "registry:read");
        using var client = gateway.CreateClient(tenantKey);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.GetAsync("/api/registry/models", TestContext.Current.CancellationToken)).StatusCode);
        }
        var limited = await client.GetAsync("/api/registry/models", TestContext.Current.CancellationToken);
        using var other = gateway.CreateClient(await admin.CreateKeyAsync("rate-test-other", "registry:read"));
        var otherStatus = (await other.GetAsync("/api/registry/models", TestContext.Current.CancellationToken)).StatusCode;

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.Parse(limited.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Contains("1 requests per second", (await limited.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, otherStatus);
    }

    [Fact]
    public async Task ClientAddressLimit_FloodOfMadeUpKeys_Gets429BeforeAnyKeyIsLookedUp()
    {
        await using var echo = await EchoService.StartAsync();
        await using var gateway = new GatewayFactory(echo.Address, "address-limit-admin-0001", settings: new Dictionary<string, string>
        {
            ["MlOps:Gateway:ClientAddressPermitPerSecond"] = "1",
            ["MlOps:Gateway:ClientAddressBurst"] = "3",
        });
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 4; i++)
        {
            using var client = gateway.CreateClient("mlk_made-up-" + i);
            statuses.Add((await client.GetAsync("/api/registry/models", TestContext.Current.CancellationToken)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(3, gateway.Services.GetRequiredService<MlOps.Gateway.Authentication.UnknownKeys>().Count);
    }

    [Fact]
    public async Task UnknownKeys_FillTheirOwnCache_KnownKeysStillAuthenticate()
    {
        await using var echo = await EchoService.StartAsync();
        const string adminKey = "unknown-keys-admin-0001";
        await using var gateway = new GatewayFactory(echo.Address, adminKey, settings: new Dictionary<string, string>
        {
            ["MlOps:Gateway:UnknownKeyCacheEntries"] = "2",
        });
        using var admin = gateway.CreateClient(adminKey);
        using var known = gateway.CreateClient(await admin.CreateKeyAsync("known", "registry:read"));

        for (var i = 0; i < 5; i++)
        {
            using var stranger = gateway.CreateClient("mlk_unknown-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/registry/models", TestContext.Current.CancellationToken)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await known.GetAsync("/api/registry/models", TestContext.Current.CancellationToken)).StatusCode);
        Assert.InRange(gateway.Services.GetRequiredService<MlOps.Gateway.Authentication.UnknownKeys>().Count, 1, 2);
    }

    [Fact]
    public async Task KeyRevokedOnOneReplica_IsRefusedByTheOtherAtOnce()
    {
        await using var echo = await EchoService.StartAsync();
        const string adminKey = "replica-admin-key-0001";
        var database = MlOps.TestSupport.TestInfrastructure.UniqueDatabase("gateway_replicas");
        await using var first = new GatewayFactory(echo.Address, adminKey, databaseName: database);
        await using var second = new GatewayFactory(echo.Address, adminKey, databaseName: database);
        using var admin = first.CreateClient(adminKey);
        var created = await (await admin.PostAsJsonAsync("/admin/keys", new { tenantId = "replicas", name = "k", scopes = new[] { "registry:read" } }, TestContext.Current.CancellationToken)).ReadJsonAsync();
        using var onSecond = second.CreateClient(created.GetProperty("secret").GetString());
        Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync("/api/registry/models", TestContext.Current.CancellationToken)).StatusCode);

        await admin.DeleteAsync($"/admin/keys/{created.GetProperty("key").GetProperty("id").GetGuid()}", TestContext.Current.CancellationToken);

        // The second replica cached the key for 30 s; only the revocation notice can make it refuse within this wait.
        var status = await MlOps.TestSupport.Eventually.WaitAsync(
            async () => (await onSecond.GetAsync("/api/registry/models", TestContext.Current.CancellationToken)).StatusCode,
            code => code == HttpStatusCode.Unauthorized, "the other replica to refuse the revoked key", TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task AdminKey_NotConfigured_GeneratedOnceIntoAPrivateFileNeverLogged_AndWorks()
    {
        await using var echo = await EchoService.StartAsync();
        var keyFile = Path.Combine(Path.GetTempPath(), "mlops-admin-key-" + Guid.NewGuid().ToString("N"), "admin-key");
        await using var gateway = new GatewayFactory(echo.Address, adminKey: null, settings: new Dictionary<string, string> { ["MlOps:Gateway:AdminKeyFile"] = keyFile });
        gateway.CreateClient().Dispose();

        var key = (await File.ReadAllTextAsync(keyFile, TestContext.Current.CancellationToken)).Trim();
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
        Assert.Contains(gateway.Logs.Messages, m => m.Contains(keyFile, StringComparison.Ordinal));
        Assert.DoesNotContain(gateway.Logs.Messages, m => m.Contains(key, StringComparison.Ordinal));
        using var client = gateway.CreateClient(key);
        var response = await client.GetAsync("/admin/keys?tenant=admin", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var connection = new NpgsqlConnection(gateway.ConnectionString);
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM api_keys WHERE 'admin' = ANY(scopes)"));
    }
}
