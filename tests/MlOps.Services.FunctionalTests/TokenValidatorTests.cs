using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Services.FunctionalTests;

/// <summary>The validator's cache: a remembered token is still refused once it expires, and a full cache stops remembering, not validating.</summary>
public sealed class TokenValidatorTests
{
    [Fact]
    public async Task CachedToken_PastItsExpiry_IsRefused()
    {
        var clock = new SettableTime(DateTimeOffset.UtcNow);
        var validator = Validator(clock, cacheSize: 10);
        var token = new PlatformTokenIssuer(TestIdentity.Keys, clock).Issue("acme", "k", ["registry:read"], TimeSpan.FromMinutes(5));

        var fresh = await validator.ValidateAsync(token, TestContext.Current.CancellationToken);
        clock.Now += TimeSpan.FromMinutes(6);
        var expired = await validator.ValidateAsync(token, TestContext.Current.CancellationToken);

        Assert.Equal("acme", fresh.Caller?.Tenant);
        Assert.Null(expired.Caller);
        Assert.Equal("the token has expired", expired.Error);
    }

    [Fact]
    public async Task FullCache_NewTokensStillValidated()
    {
        var clock = new SettableTime(DateTimeOffset.UtcNow);
        var validator = Validator(clock, cacheSize: 1);
        var issuer = new PlatformTokenIssuer(TestIdentity.Keys, clock);

        var tenants = new List<string?>();
        foreach (var tenant in new[] { "a", "b", "c" })
        {
            tenants.Add((await validator.ValidateAsync(issuer.Issue(tenant, "k", [], TimeSpan.FromMinutes(5)), TestContext.Current.CancellationToken)).Caller?.Tenant);
        }

        Assert.Equal(["a", "b", "c"], tenants);
    }

    private static PlatformTokenValidator Validator(TimeProvider clock, int cacheSize)
    {
        var options = Options.Create(new IdentityOptions { Jwks = TestIdentity.Keys.Jwks, ValidatedTokenCacheSize = cacheSize, ClockSkew = TimeSpan.Zero });
        return new PlatformTokenValidator(new GatewayKeySet(options, new NoHttp(), clock), options, clock);
    }

    private sealed class SettableTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("The keys are configured inline.");
    }
}
