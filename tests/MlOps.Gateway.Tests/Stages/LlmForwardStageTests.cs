using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Guards;
using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Streaming;

namespace MlOps.Gateway.Tests.Stages;

public sealed class LlmForwardStageTests
{
    private static readonly LlmForwardStage Stage = new(new AnswerGuard(), StageHttp.Tokens, Options.Create(new LlmOptions()));

    [Fact]
    public async Task Forward_JsonAnswer_KeptWholeForTheAnswerStageNothingSentYet()
    {
        var context = StageHttp.Context();
        context.Request.Headers.AcceptEncoding = "gzip";
        var call = StageHttp.Call(new LlmKeyPolicy(), StageHttp.Chat());
        string? forwarded = null;
        var provider = Provider.Answers(200, "application/json", Provider.Completion);

        using var exchange = await Stage.ForwardAsync(context, call, async c =>
        {
            forwarded = await new StreamReader(c.Request.Body).ReadToEndAsync(TestContext.Current.CancellationToken);
            await provider(c);
        }, TestContext.Current.CancellationToken);

        Assert.Equal("dev-chat", JsonDocument.Parse(forwarded!).RootElement.GetProperty("model").GetString());
        Assert.Equal(Encoding.UTF8.GetByteCount(forwarded!), context.Request.ContentLength);
        Assert.Equal("", context.Request.Headers.AcceptEncoding.ToString());
        Assert.False(exchange.Interceptor.IsStream || exchange.Interceptor.IsPassThrough);
        Assert.Equal(Provider.Completion, Encoding.UTF8.GetString(exchange.Interceptor.Buffered.Span));
        Assert.Equal("", StageHttp.ResponseText(context));
        Assert.IsType<MemoryStream>(context.Response.Body);
    }

    [Fact]
    public async Task Forward_Stream_FilteredEventByEventAndEndedAtDone()
    {
        var context = StageHttp.Context();
        var call = StageHttp.Call(new LlmKeyPolicy(), StageHttp.Chat(extra: ""","stream":true"""));

        using var exchange = await Stage.ForwardAsync(context, call, Provider.Answers(200, "text/event-stream", Provider.Stream), TestContext.Current.CancellationToken);

        Assert.True(exchange.Interceptor.IsStream);
        Assert.True(exchange.Interceptor.HasEnded);
        var sent = StageHttp.ResponseText(context);
        Assert.DoesNotContain(Provider.Email, sent, StringComparison.Ordinal);
        Assert.Contains("<EMAIL_ADDRESS_1>", sent, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", sent, StringComparison.Ordinal);
        Assert.Equal(1, exchange.Filter!.Redactions);
    }

    [Fact]
    public async Task Forward_ProviderError_PassedThroughUntouched()
    {
        const string body = """{"error":{"message":"overloaded","type":"server_error","code":null,"param":null}}""";
        var context = StageHttp.Context();

        using var exchange = await Stage.ForwardAsync(context, StageHttp.Call(new LlmKeyPolicy(), StageHttp.Chat()), Provider.Answers(503, "application/json", body),
            TestContext.Current.CancellationToken);

        Assert.True(exchange.Interceptor.IsPassThrough);
        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal(body, StageHttp.ResponseText(context));
    }

    [Fact]
    public async Task Forward_Embeddings_NoStreamFilter()
    {
        var context = StageHttp.Context(path: "/v1/embeddings");
        var call = StageHttp.Call(new LlmKeyPolicy(), """{"model":"dev-embed","input":"hello"}""", path: "/v1/embeddings");

        using var exchange = await Stage.ForwardAsync(context, call, Provider.Answers(200, "application/json", """{"data":[]}"""), TestContext.Current.CancellationToken);

        Assert.Null(exchange.Filter);
    }
}
