using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Identity;
using Yarp.ReverseProxy.Forwarder;

namespace MlOps.Gateway.Proxy;

/// <summary>
/// The services' body limits, enforced at the edge: a service that refuses an oversized body before reading it closes the
/// connection under the body still being sent, and the client would see the proxy's 502 instead of the service's 413. A body
/// declared too large is refused here; a chunked one is cut off at the limit, and the client gets the 413 either way.
/// </summary>
public sealed class ServiceBodyLimitMiddleware(RequestDelegate next, IOptions<GatewayOptions> options, IConfiguration configuration,
    IProblemDetailsService problems)
{
    private readonly long _defaultLimit = Microsoft.Extensions.Hosting.Extensions.MaxRequestBodyBytes(configuration);

    public async Task InvokeAsync(HttpContext context)
    {
        // The /v1 routes have their own limit (LlmPolicyMiddleware), answered as an OpenAI error.
        if (!PlatformScopes.ServicePrefixes.ContainsKey(context.GetReverseProxyFeature().Route.Config.RouteId))
        {
            await next(context);
            return;
        }
        var limit = LimitFor(context.Request.Path);
        var body = context.Request.Body;
        if (context.Request.ContentLength > limit)
        {
            await RefuseAsync(context, limit, body);
            return;
        }
        // The server's limit leaves room to read and drop the rest of a refused body; the route's limit is the stream's.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit + MaxDrainBytes;
        }
        var limited = new BodyLimitStream(body, limit);
        context.Request.Body = limited;
        try
        {
            await next(context);
        }
        finally
        {
            context.Request.Body = body;
        }
        if (limited.Exceeded && context.GetForwarderErrorFeature() is { Error: ForwarderError.RequestBodyClient } && !context.Response.HasStarted)
        {
            await RefuseAsync(context, limit, body);
        }
    }

    private long LimitFor(PathString path)
    {
        var segments = path.Value!.TrimEnd('/').Split('/');
        foreach (var (pattern, limit) in options.Value.ServiceBodyLimits)
        {
            var parts = pattern.TrimEnd('/').Split('/');
            if (parts.Length == segments.Length && parts.Zip(segments).All(p => p.First == "*" || string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase)))
            {
                return limit;
            }
        }
        return _defaultLimit;
    }

    // The inference protocols' routes (Open Inference Protocol v2, KServe V1's :predict) and OTLP's trace intake answer
    // errors in their own shape.
    private async Task RefuseAsync(HttpContext context, long limit, Stream body)
    {
        await DrainAsync(context, body);
        var detail = $"The body is larger than the {limit} bytes this route accepts.";
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api/agentops-tracer/v1/traces"))
        {
            // OTLP/HTTP: a google.rpc.Status (code 8, RESOURCE_EXHAUSTED), which exporters read; JSON whatever the request's encoding.
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.Response.WriteAsJsonAsync(new Dictionary<string, object> { ["code"] = 8, ["message"] = detail });
            return;
        }
        if (path.StartsWithSegments("/api/inference/v2")
            || (path.StartsWithSegments("/api/inference/v1/models") && path.Value!.EndsWith(":predict", StringComparison.Ordinal)))
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = detail });
            return;
        }
        await problems.WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large", detail);
    }

    // A refused body left unread makes the server reset the connection, and the client may lose the 413 in the reset
    // (seen as "no answer" in the fuzz test); reading the rest, up to a bound, lets the answer arrive and the connection live.
    private static async Task DrainAsync(HttpContext context, Stream body)
    {
        if (context.Request.ContentLength > MaxDrainBytes)
        {
            context.Response.Headers.Connection = "close";
            return;
        }
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (await body.ReadAsync(buffer, context.RequestAborted) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            // Past the drain bound, or cut off by the client: the connection ends.
            context.Response.Headers.Connection = "close";
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private const long MaxDrainBytes = 32L * 1024 * 1024;
}
