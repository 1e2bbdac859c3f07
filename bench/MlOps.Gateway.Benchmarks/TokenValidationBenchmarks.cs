using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Gateway.Benchmarks;

/// <summary>
/// What the platform identity costs per request: a service validating the gateway's token (remembered, or verified from
/// scratch), the gateway signing one, and — as the baseline — reading the identity headers services trusted before.
/// </summary>
[MemoryDiagnoser]
public class TokenValidationBenchmarks
{
    private static readonly string[] Scopes = ["registry:read", "registry:write", "inference:predict"];
    private PlatformTokenIssuer _issuer = null!;
    private PlatformTokenValidator _cached = null!;
    private PlatformTokenValidator _uncached = null!;
    private string _token = "";

    [GlobalSetup]
    public void Setup()
    {
        var keys = PlatformSigningKeys.FromPem([PlatformSigningKeys.NewPem()]);
        _issuer = new PlatformTokenIssuer(keys, TimeProvider.System);
        _token = _issuer.Issue("acme", Guid.NewGuid().ToString(), Scopes, TimeSpan.FromMinutes(5));
        _cached = Validator(keys, cacheSize: 10_000);
        _uncached = Validator(keys, cacheSize: 0);
        _cached.ValidateAsync(_token, CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "old: tenant and scope headers parsed")]
    public int HeadersParsed() => "acme".Length + "registry:read registry:write inference:predict"
        .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal).Count;

    [Benchmark(Description = "service: token validated, cached")]
    public async Task<CallerIdentity?> ValidatedCached() => (await _cached.ValidateAsync(_token, CancellationToken.None)).Caller;

    [Benchmark(Description = "service: token verified (ES256), uncached")]
    public async Task<CallerIdentity?> VerifiedUncached() => (await _uncached.ValidateAsync(_token, CancellationToken.None)).Caller;

    [Benchmark(Description = "gateway: token signed (ES256)")]
    public string Signed() => _issuer.Issue("acme", "key", Scopes, TimeSpan.FromMinutes(5));

    private static PlatformTokenValidator Validator(PlatformSigningKeys keys, int cacheSize)
    {
        var options = Options.Create(new IdentityOptions { Jwks = keys.Jwks, ValidatedTokenCacheSize = cacheSize });
        return new PlatformTokenValidator(new GatewayKeySet(options, new NoHttp(), TimeProvider.System), options, TimeProvider.System);
    }

    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("The benchmark's keys are configured inline.");
    }
}
