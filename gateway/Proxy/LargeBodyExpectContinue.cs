using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Transforms;

namespace MlOps.Gateway.Proxy;

/// <summary>
/// Asks a service for "100 Continue" before sending it a large body. Without it, a service that answers before reading the
/// whole body (a refusal) and closes the connection makes the proxy fail while still sending, and the client gets a 502
/// instead of the service's answer (dotnet/yarp#1501); with it, the service's early answer arrives before any body is sent.
/// Bodies up to <paramref name="thresholdBytes"/> (MlOps:Gateway:ExpectContinueAboveBytes) fit the sockets' buffers and are
/// sent whole at once.
/// </summary>
public sealed class LargeBodyExpectContinue(long thresholdBytes)
{
    public ValueTask ApplyAsync(RequestTransformContext context)
    {
        var request = context.HttpContext.Request;
        // A body of unknown length: chunked over HTTP/1.1, or any body over HTTP/2 and HTTP/3 without a Content-Length.
        if (request.ContentLength > thresholdBytes
            || (request.ContentLength is null && context.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true))
        {
            context.ProxyRequest.Headers.ExpectContinue = true;
        }
        return ValueTask.CompletedTask;
    }
}
