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
        context.Response.OnStarting(CloseIfUndrainable, context);
        // An endpoint with its own limit (routing applies it; null for streamed uploads that enforce theirs while reading).
        if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } own)
        {
            // The endpoint's limit, set here too: the server's default (the services' 1 MiB) must not cut it short.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = own.MaxRequestBodySize;
            }
            await NextThenDrainAsync(context);
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
        await NextThenDrainAsync(context);
    }

    private async Task NextThenDrainAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException)
        {
            // A refusal thrown by binding (415, 400) is answered by the exception handler after this returns: drain first.
            await DrainUnreadBodyAsync(context, refused: true);
            throw;
        }
        await DrainUnreadBodyAsync(context);
    }

    // A refusal whose body may not drain within the limits (chunked, or declared past them) ends its connection: said in the
    // answer, a proxy does not reuse a connection the server is about to close under the next request (a 502 there).
    private static Task CloseIfUndrainable(object state)
    {
        var context = (HttpContext)state;
        var limit = Math.Min(MaxDrainBytes, context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? MaxDrainBytes);
        if (context.Response.StatusCode >= StatusCodes.Status400BadRequest && context.Request.Body.CanRead
            && (context.Request.ContentLength is null && context.Request.Headers.TransferEncoding.Count > 0 || context.Request.ContentLength > limit))
        {
            context.Response.Headers.Connection = "close";
        }
        return Task.CompletedTask;
    }

    // An early refusal (415, 400) leaves the body unread; the server would then end the connection while a proxy is still
    // uploading it, and the proxy answers 502. Reading the rest (within the limit) keeps the refusal the client's answer.
    private static async Task DrainUnreadBodyAsync(HttpContext context, bool refused = false)
    {
        if (!refused && context.Response.StatusCode < StatusCodes.Status400BadRequest || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long drained = 0;
            int read;
            while (drained < MaxDrainBytes && (read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                drained += read;
            }
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            // Past the limit or cut off by the client: the connection ends, as it would have.
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private const long MaxDrainBytes = 32L * 1024 * 1024;
}
