using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Caching;
using MlOps.Gateway.Llm.Guards;
using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Quotas;
using MlOps.Gateway.Llm.Streaming;
using Yarp.ReverseProxy.Forwarder;

namespace MlOps.Gateway.Tests.Stages;

public sealed class LlmUpstreamStageTests
{
    private static readonly AnswerGuard Guard = new();
    private static readonly LlmForwardStage Forward = new(Guard, StageHttp.Tokens, Options.Create(new LlmOptions()));
    private readonly RecordingUsageSink _rows = new();

    private async Task<(bool Settled, DefaultHttpContext Context)> SettleAfterAsync(RequestDelegate provider, CancellationTokenSource? caller = null)
    {
        var cancellationToken = caller?.Token ?? TestContext.Current.CancellationToken;
        var context = StageHttp.Context(caller: caller);
        var call = StageHttp.Call(new LlmKeyPolicy(), StageHttp.Chat());
        using var holds = StageHttp.Quotas().Hold();
        using var exchange = await Forward.ForwardAsync(context, call, provider, cancellationToken);
        caller?.Cancel();
        var settled = await new LlmUpstreamStage(Guard, new LlmUsageStage(_rows, StageHttp.Metrics())).TrySettleAsync(context, call, holds, exchange, cancellationToken);
        return (settled, context);
    }

    [Fact]
    public async Task TrySettle_WholeAnswer_LeftToTheAnswerStage()
    {
        var (settled, context) = await SettleAfterAsync(Provider.Answers(200, "application/json", Provider.Completion));

        Assert.False(settled);
        Assert.Empty(_rows.Rows);
        Assert.Equal("", StageHttp.ResponseText(context));
    }

    [Fact]
    public async Task TrySettle_GuardrailRefusal_PassedOnAsARefusalChargingNothing()
    {
        const string refusal = """{"error":{"message":"The prompt was refused by the input policy.","type":"guardrail_violation","code":"prompt_injection","param":null}}""";

        var (settled, context) = await SettleAfterAsync(Provider.Answers(400, "application/json", refusal));

        Assert.True(settled);
        Assert.Equal(400, context.Response.StatusCode);
        Assert.Equal(refusal, StageHttp.ResponseText(context));
        var row = Assert.Single(_rows.Rows);
        Assert.Equal(("input_blocked", CacheStatuses.Bypass, 0, 0), (row.Outcome, row.CacheStatus, row.InputTokens, row.OutputTokens));
    }

    [Fact]
    public async Task TrySettle_ProviderUnreachable_502UpstreamUnavailable()
    {
        var (settled, context) = await SettleAfterAsync(Provider.Fails(ForwarderError.Request));

        Assert.True(settled);
        Assert.Equal(502, context.Response.StatusCode);
        var error = StageHttp.Error(context);
        Assert.Equal("The LLM service behind the gateway could not be reached.", error.GetProperty("message").GetString());
        Assert.Equal(("api_error", "upstream_unavailable"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.Equal("upstream_error", Assert.Single(_rows.Rows).Outcome);
    }

    [Fact]
    public async Task TrySettle_CallerLeftBeforeTheEnd_ChargedWhatTheProviderReported()
    {
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var (settled, _) = await SettleAfterAsync(Provider.Answers(200, "application/json", Provider.Completion), caller);

        Assert.True(settled);
        var row = Assert.Single(_rows.Rows);
        Assert.Equal(("client_aborted", 9, 7), (row.Outcome, row.InputTokens, row.OutputTokens));
    }
}
