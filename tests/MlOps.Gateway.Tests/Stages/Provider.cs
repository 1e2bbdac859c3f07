using System.Text;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace MlOps.Gateway.Tests.Stages;

/// <summary>The rest of YARP's pipeline as the forward stage sees it: a provider's answer written to the response, or a forwarding error.</summary>
internal static class Provider
{
    public const string Email = "maria.gonzalez@example.com";

    public static readonly string Completion =
        $$$"""{"id":"chatcmpl-1","object":"chat.completion","model":"dev-chat","choices":[{"index":0,"message":{"role":"assistant","content":"Write to {{{Email}}} today."},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":7,"total_tokens":16}}""";

    public static readonly string Stream = string.Concat(
        """data: {"id":"c1","object":"chat.completion.chunk","model":"dev-chat","choices":[{"index":0,"delta":{"role":"assistant","content":"Write to "}}]}""", "\n\n",
        $$$"""data: {"id":"c1","object":"chat.completion.chunk","model":"dev-chat","choices":[{"index":0,"delta":{"content":"{{{Email}}} today."}}]}""", "\n\n",
        """data: {"id":"c1","object":"chat.completion.chunk","model":"dev-chat","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""", "\n\n",
        """data: {"id":"c1","object":"chat.completion.chunk","model":"dev-chat","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":7,"total_tokens":16}}""", "\n\n",
        "data: [DONE]\n\n");

    public static RequestDelegate Answers(int status, string contentType, string body) => async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), context.RequestAborted);
    };

    public static RequestDelegate Fails(ForwarderError error) => context =>
    {
        context.Features.Set<IForwarderErrorFeature>(new Failure(error));
        return Task.CompletedTask;
    };

    private sealed class Failure(ForwarderError error) : IForwarderErrorFeature
    {
        public ForwarderError Error => error;

        public Exception? Exception => null;
    }
}
