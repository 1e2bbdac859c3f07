using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace MlOps.Gateway.Proxy;

/// <summary>
/// Sends an idempotent request without a body (GET, HEAD, OPTIONS, DELETE) to another replica of its service when the one
/// chosen could not be reached (refused, reset before an answer): a stopped replica then costs such a request nothing. Every
/// other request goes once, whatever happens: a POST may have been acted on. Runs before load balancing, so each attempt
/// picks among the replicas not yet tried.
/// </summary>
public sealed partial class IdempotentRetryMiddleware(RequestDelegate next, ILogger<IdempotentRetryMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        if (!IsRetryable(context.Request) || proxy.AvailableDestinations.Count < 2)
        {
            await next(context);
            return;
        }
        var untried = proxy.AvailableDestinations.ToList();
        while (true)
        {
            await next(context);
            var error = context.Features.Get<IForwarderErrorFeature>();
            // Only a request that never got an answer is sent again; a timeout may have been half done, and is not.
            if (error?.Error is not ForwarderError.Request || context.Response.HasStarted || proxy.ProxiedDestination is not { } failed)
            {
                return;
            }
            untried.Remove(failed);
            if (untried.Count == 0)
            {
                return;
            }
            LogRetrying(logger, context.Request.Method, proxy.Cluster.Config.ClusterId, failed.DestinationId);
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
            proxy.ProxiedDestination = null;
            proxy.AvailableDestinations = untried.ToList();
        }
    }

    private static bool IsRetryable(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || HttpMethods.IsDelete(request.Method))
        && request.ContentLength is null or 0 && !request.Headers.TransferEncoding.Any(v => !string.IsNullOrEmpty(v));

    [LoggerMessage(EventId = 2200, Level = LogLevel.Warning,
        Message = "{Method} to {Cluster} failed at replica {Destination} before an answer; sending it to another replica")]
    private static partial void LogRetrying(ILogger logger, string method, string cluster, string destination);
}
