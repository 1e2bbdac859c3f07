using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Api;

namespace MlOps.Gateway.Proxy;

/// <summary>
/// A token bucket per client address that runs before authentication, so a flood of requests with made-up keys is shed
/// before any key is hashed or looked up (429 with Retry-After). The per-key limit applies after it.
/// </summary>
public sealed class ClientAddressLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> _limiter;
    private readonly GatewayOptions _options;

    public ClientAddressLimiter(IOptions<GatewayOptions> options)
    {
        _options = options.Value;
        _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = _options.ClientAddressBurst,
                TokensPerPeriod = _options.ClientAddressPermitPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        using var lease = _limiter.AttemptAcquire(Partition(context.Connection.RemoteIpAddress));
        if (lease.IsAcquired)
        {
            await next(context);
            return;
        }
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteProblemAsync(context, StatusCodes.Status429TooManyRequests,
            "Too many requests", $"This client address is limited to {_options.ClientAddressPermitPerSecond} requests per second (burst {_options.ClientAddressBurst}); retry after {seconds} s.");
    }

    public void Dispose() => _limiter.Dispose();

    // An IPv6 client owns a whole /64 (it can change the rest at will), so the bucket is the /64; IPv4-mapped addresses count as IPv4.
    private static IPAddress Partition(IPAddress? address)
    {
        if (address is null)
        {
            return IPAddress.None;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address;
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }
}
