using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace MlOps.ServiceDefaults.Api;

/// <summary>
/// Refuses bodies over the configured size with 413 ProblemDetails before anything reads them; bodies without a
/// declared length are cut off by the server's own limit, which the same size is applied to.
/// </summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next, long maxBodyBytes)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problemDetails)
    {
        // An endpoint with its own limit (routing applies it; null for streamed uploads that enforce theirs while reading).
        if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is not null)
        {
            await next(context);
            return;
        }
        if (context.Request.ContentLength > maxBodyBytes)
        {
            // The unread body cannot be drained past the limit: the connection ends, so a proxy must not reuse it.
            context.Response.Headers.Connection = "close";
            await problemDetails.WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
                $"The body is {context.Request.ContentLength} bytes; this service accepts at most {maxBodyBytes} bytes per request.");
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBodyBytes;
        }
        await next(context);
    }
}
