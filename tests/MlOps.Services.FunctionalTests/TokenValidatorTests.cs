using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Services.FunctionalTests;

/// <summary>
/// The validator's cache: a remembered token is still refused once it expires, and a full cache stops remembering, not validating.
/// Keys fetched from the gateway's JWKS: two first tokens at once both verify.
/// </summary>
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

    // A fresh replica's first two callers: the second finds no key while the first is fetching the JWKS, and must still verify.
    [Fact]
    public async Task TwoFirstTokens_OneWaitsWhileTheOtherFetchesTheKeys_BothVerify()
    {
        var cancel = TestContext.Current.CancellationToken;
        var requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var gateway = builder.Build();
        gateway.MapGet("/.well-known/jwks.json", async () =>
        {
            requested.TrySetResult();
            await answer.Task;
            return Results.Text(TestIdentity.Keys.Jwks, "application/json");
        });
        await gateway.StartAsync(cancel);
        var options = Options.Create(new IdentityOptions { JwksUrl = new Uri(gateway.Urls.First() + "/.well-known/jwks.json"), ClockSkew = TimeSpan.Zero });
        var clock = new SettableTime(DateTimeOffset.UtcNow);
        var validator = new PlatformTokenValidator(new GatewayKeySet(options, new RealHttp(), clock), options, clock);
        var issuer = new PlatformTokenIssuer(TestIdentity.Keys, clock);

        var first = validator.ValidateAsync(issuer.Issue("a", "k", [], TimeSpan.FromMinutes(5)), cancel).AsTask();
        await requested.Task.WaitAsync(cancel);
        // Fails on the keys it has, then queues behind the fetch under way.
        var second = validator.ValidateAsync(issuer.Issue("b", "k", [], TimeSpan.FromMinutes(5)), cancel).AsTask();
        answer.SetResult();

        Assert.Equal(("a", null), ((await first).Caller?.Tenant, (await first).Error));
        Assert.Equal(("b", null), ((await second).Caller?.Tenant, (await second).Error));
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

    private sealed class RealHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }

    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("The keys are configured inline.");
    }
}
