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
        if (context.Request.ContentLength > limit)
        {
            await RefuseAsync(context, limit);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
        await next(context);
        if (context.GetForwarderErrorFeature() is { Error: ForwarderError.RequestBodyClient } error && IsBodyTooLarge(error.Exception)
            && !context.Response.HasStarted)
        {
            await RefuseAsync(context, limit);
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

    private static bool IsBodyTooLarge(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return true;
            }
        }
        return false;
    }

    // The inference protocols' routes (Open Inference Protocol v2, KServe V1's :predict) answer errors in their own shape.
    private async Task RefuseAsync(HttpContext context, long limit)
    {
        var detail = $"The body is larger than the {limit} bytes this route accepts.";
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api/inference/v2")
            || (path.StartsWithSegments("/api/inference/v1/models") && path.Value!.EndsWith(":predict", StringComparison.Ordinal)))
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = detail });
            return;
        }
        await problems.WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large", detail);
    }
}
