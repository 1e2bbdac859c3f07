using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace MlOps.Gateway.Tests;

public sealed class ApiKeysTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task TenantKey_CreatedUsedListedRevoked_RevokedKeyGets401()
    {
        using var admin = fixture.Gateway.CreateClient(fixture.AdminKey);
        var tenant = "acme-" + Guid.NewGuid().ToString("N")[..8];

        var created = await admin.PostAsJsonAsync("/admin/keys", new { tenantId = tenant, name = "ci", scopes = new[] { "registry:read", "registry:write" } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonAsync();
        var secret = body.GetProperty("secret").GetString()!;
        var id = body.GetProperty("key").GetProperty("id").GetGuid();
        Assert.StartsWith("mlk_", secret);

        using var tenantClient = fixture.Gateway.CreateClient(secret);
        var proxied = await (await tenantClient.GetAsync("/api/registry/models", TestContext.Current.CancellationToken)).ReadJsonAsync();
        var token = await SignedIdentity.VerifyAsync(proxied.GetProperty("headers").GetProperty("authorization").GetString()!["Bearer ".Length..],
            await admin.GetStringAsync("/.well-known/jwks.json", TestContext.Current.CancellationToken));
        Assert.Equal(tenant, token.GetClaim("tenant").Value);
        Assert.Equal("registry:read registry:write", token.GetClaim("scope").Value);

        var listed = await (await admin.GetAsync($"/admin/keys?tenant={tenant}", TestContext.Current.CancellationToken)).ReadJsonAsync();
        var item = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal(id, item.GetProperty("id").GetGuid());
        Assert.Equal(secret[..12], item.GetProperty("keyPrefix").GetString());
        Assert.DoesNotContain(secret, listed.ToString());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/admin/keys/{id}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await tenantClient.GetAsync("/api/registry/models", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/admin/keys/{id}", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task CreatedKey_IsStoredOnlyAsItsSha256()
    {
        using var admin = fixture.Gateway.CreateClient(fixture.AdminKey);
        var secret = await admin.CreateKeyAsync("hash-check");

        await using var connection = new NpgsqlConnection(fixture.Gateway.ConnectionString);
        var row = await connection.QuerySingleAsync<(byte[] Hash, string Prefix)>(
            "SELECT key_hash, key_prefix FROM api_keys WHERE tenant_id = 'hash-check'");
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), row.Hash);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM api_keys WHERE position(@secret in name || key_prefix || tenant_id) > 0", new { secret }));
    }

    [Fact]
    public async Task AdminEndpoints_TenantKey_Returns403ProblemDetails()
    {
        using var admin = fixture.Gateway.CreateClient(fixture.AdminKey);
        using var tenantClient = fixture.Gateway.CreateClient(await admin.CreateKeyAsync("not-admin"));

        var response = await tenantClient.PostAsJsonAsync("/admin/keys", new { tenantId = "x", name = "escalate", scopes = new[] { "admin" } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(403, (await response.ReadJsonAsync()).GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("{\"tenantId\":\"has spaces\",\"name\":\"k\"}", "tenantId")]
    [InlineData("{\"tenantId\":\"ok\",\"name\":\"\"}", "name")]
    [InlineData("{\"name\":\"k\"}", "tenantId")]
    [InlineData("{\"tenantId\":\"ok\",\"name\":\"k\",\"scopes\":[\"no-such-scope\"]}", "scopes")]
    [InlineData("{\"tenantId\":\"ok\",\"name\":\"k\",\"scopes\":[\"llm\"]}", "scopes")]
    public async Task CreateKey_InvalidField_Returns400NamingTheField(string body, string field)
    {
        using var admin = fixture.Gateway.CreateClient(fixture.AdminKey);

        var response = await admin.PostAsync("/admin/keys", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task CreateKey_ExpiryInThePast_Returns400()
    {
        using var admin = fixture.Gateway.CreateClient(fixture.AdminKey);

        var response = await admin.PostAsJsonAsync("/admin/keys", new { tenantId = "t", name = "old", expiresAt = DateTime.UtcNow.AddDays(-1) }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("expiresAt", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task CreateKey_MalformedJson_Returns400ProblemDetails()
    {
        using var admin = fixture.Gateway.CreateClient(fixture.AdminKey);

        var response = await admin.PostAsync("/admin/keys", new StringContent("{\"tenantId\":", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ListKeys_WithoutTenant_Returns400()
    {
        using var admin = fixture.Gateway.CreateClient(fixture.AdminKey);

        var response = await admin.GetAsync("/admin/keys", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("tenant", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Key_PastItsExpiry_Returns401()
    {
        // Its own gateway, on a clock the test moves (whole seconds, as PostgreSQL stores the expiry to the microsecond).
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await using var gateway = new GatewayFactory(fixture.Echo.Address, fixture.AdminKey) { Clock = clock };
        using var admin = gateway.CreateClient(fixture.AdminKey);
        var response = await admin.PostAsJsonAsync("/admin/keys",
            new { tenantId = "short-lived", name = "k", scopes = new[] { "registry:read" }, expiresAt = clock.GetUtcNow().AddMinutes(5) },
            TestContext.Current.CancellationToken);
        using var client = gateway.CreateClient((await response.ReadJsonAsync()).GetProperty("secret").GetString());

        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        var before = await client.GetAsync("/api/registry/models", TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(1));
        var after = await client.GetAsync("/api/registry/models", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }
}
