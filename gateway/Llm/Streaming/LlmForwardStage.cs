using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Guards;
using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Quotas;
using Yarp.ReverseProxy.Forwarder;

namespace MlOps.Gateway.Llm.Streaming;

/// <summary>
/// Forwards the request through the rest of YARP's pipeline with the answer intercepted on its way back: a stream is
/// filtered event by event (the output guard, the token count) and ended as soon as it is whole, a JSON answer is kept
/// for the answer stage, and an error passes through.
/// </summary>
public sealed class LlmForwardStage(AnswerGuard guard, TokenCounter tokens, IOptions<LlmOptions> options)
{
    /// <summary>The exchange once YARP is done with it; dispose it when the request ends.</summary>
    public async Task<LlmExchange> ForwardAsync(HttpContext context, LlmCall call, RequestDelegate next, CancellationToken cancellationToken)
    {
        var filter = call.IsEmbeddings ? null
            : new ChatStreamFilter(guard, tokens, call.Model, options.Value.StreamHoldBackCharacters, call.ReservedOutputTokens, call.OutputGuard, call.HidesUsage);
        LlmRequestBody.Replace(context.Request, call.TakeBody());
        var original = context.Response.Body;
        // The server's own body feature: completing it ends the caller's response while YARP still reads the provider's.
        var server = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var interceptor = new LlmResponseInterceptor(context.Response, original, filter is null ? null : filter.Process, last => EndStreamAsync(server, last));
        context.Response.Body = interceptor;
        context.Response.OnStarting(() =>
        {
            if (!interceptor.IsPassThrough)
            {
                context.Response.ContentLength = null;
            }
            return Task.CompletedTask;
        });
        try
        {
            await next(context);
            // A stream whose copy failed ends there: its unfinished last event is not sent as if it were whole.
            if (context.Features.Get<IForwarderErrorFeature>() is null)
            {
                await interceptor.CompleteStreamAsync(cancellationToken);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException && cancellationToken.IsCancellationRequested)
        {
            // The caller left while the last events were being sent: charged by the later stages for what the provider produced.
        }
        catch
        {
            // No exchange is handed on: its pooled buffers go back here.
            interceptor.Dispose();
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }
        return new LlmExchange(interceptor, filter);
    }

    // The last events are written without a flush, so that they and the response's end leave in one send, not two.
    private static Task EndStreamAsync(IHttpResponseBodyFeature server, ReadOnlyMemory<byte> last)
    {
        server.Writer.Write(last.Span);
        return server.CompleteAsync();
    }
}
