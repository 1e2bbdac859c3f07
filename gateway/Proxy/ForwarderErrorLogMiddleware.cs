using Yarp.ReverseProxy.Forwarder;

namespace MlOps.Gateway.Proxy;

/// <summary>
/// Says why a proxied request failed at the gateway (YARP records it in a feature and logs it below Warning): a 502 or 504
/// in a client's hands then has a log line with the replica, the kind of failure and the transport's exception.
/// </summary>
public sealed partial class ForwarderErrorLogMiddleware(RequestDelegate next, ILogger<ForwarderErrorLogMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (context.Features.Get<IForwarderErrorFeature>() is { } failure && !IsClientSide(failure.Error))
        {
            var proxy = context.GetReverseProxyFeature();
            LogForwardingFailed(logger, failure.Exception, context.Request.Method, context.Request.Path, proxy.Cluster.Config.ClusterId,
                proxy.ProxiedDestination?.DestinationId ?? "none", failure.Error, context.Response.StatusCode);
        }
    }

    /// <summary>Errors YARP reports when the caller, not the destination, ended the exchange (its connection, body or cancellation).</summary>
    public static bool IsClientSide(ForwarderError error) => error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled
        or ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyCanceled or ForwarderError.ResponseBodyClient;

    [LoggerMessage(EventId = 2300, Level = LogLevel.Warning,
        Message = "{Method} {Path} to {Cluster} (replica {Destination}) failed at the gateway: {Error}; answered {Status}")]
    private static partial void LogForwardingFailed(ILogger logger, Exception? exception, string method, string path, string cluster,
        string destination, ForwarderError error, int status);
}
