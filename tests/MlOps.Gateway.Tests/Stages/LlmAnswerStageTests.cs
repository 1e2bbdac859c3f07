using System.Text.Json;
using Microsoft.Extensions.Options;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Caching;
using MlOps.Gateway.Llm.Guards;
using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Quotas;
using MlOps.Gateway.Llm.Streaming;

namespace MlOps.Gateway.Tests.Stages;

public sealed class LlmAnswerStageTests
{
    private static readonly AnswerGuard Guard = new();
    private static readonly LlmForwardStage Forward = new(Guard, StageHttp.Tokens, Options.Create(new LlmOptions()));
    private readonly ResponseCache _cache = new(Options.Create(new LlmOptions()), TimeProvider.System);
    private readonly RecordingUsageSink _rows = new();
    private readonly LlmCacheStage _cacheStage;
    private readonly LlmAnswerStage _stage;

    public LlmAnswerStageTests()
    {
        var usage = new LlmUsageStage(_rows, StageHttp.Metrics());
        _cacheStage = new LlmCacheStage(_cache, new SemanticCache(_cache, new MiniLmModel(), Options.Create(new LlmOptions())), usage);
        _stage = new LlmAnswerStage(Guard, usage, _cacheStage);
    }

    private async Task<(Microsoft.AspNetCore.Http.DefaultHttpContext Context, CacheLookup Lookup)> AnswerAsync(
        string outputGuard, string contentType, string answer, string extra = "")
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var context = StageHttp.Context();
        var call = StageHttp.Call(new LlmKeyPolicy { OutputGuard = outputGuard }, StageHttp.Chat(extra: extra));
        var lookup = _cacheStage.Prepare(context.Request, call);
        LlmCacheStage.MarkForwarded(context.Response, lookup);
        using var holds = StageHttp.Quotas().Hold();
        using var exchange = await Forward.ForwardAsync(context, call, Provider.Answers(200, contentType, answer), cancellationToken);
        await _stage.SettleAsync(context, call, holds, exchange, lookup);
        return (context, lookup);
    }

    [Fact]
    public async Task Settle_JsonAnswerWithAnEmail_SentRedactedChargedAndCached()
    {
        var (context, lookup) = await AnswerAsync(OutputGuards.Redact, "application/json", Provider.Completion);

        var sent = JsonDocument.Parse(StageHttp.ResponseText(context)).RootElement;
        Assert.Equal("Write to <EMAIL_ADDRESS_1> today.", sent.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        var row = Assert.Single(_rows.Rows);
        Assert.Equal(("ok", CacheStatuses.Miss, 9, 7), (row.Outcome, row.CacheStatus, row.InputTokens, row.OutputTokens));
        Assert.NotNull(_cache.Find(lookup.Key!.Value));
    }

    [Fact]
    public async Task Settle_JsonAnswerWithAnEmailUnderBlock_400OutputBlockedNotCached()
    {
        var (context, lookup) = await AnswerAsync(OutputGuards.Block, "application/json", Provider.Completion);

        Assert.Equal(400, context.Response.StatusCode);
        Assert.False(context.Response.Headers.ContainsKey(LlmHeaders.Cache));
        var error = StageHttp.Error(context);
        Assert.Equal("The answer contained PII or a secret and this key blocks such answers.", error.GetProperty("message").GetString());
        Assert.Equal(("guardrail_violation", "output_blocked"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        var row = Assert.Single(_rows.Rows);
        Assert.Equal(("output_blocked", 9, 7), (row.Outcome, row.InputTokens, row.OutputTokens));
        Assert.Null(_cache.Find(lookup.Key!.Value));
    }

    [Fact]
    public async Task Settle_WholeStream_ChargedTheReportedUsageAndCachedAsACompletion()
    {
        var (_, lookup) = await AnswerAsync(OutputGuards.Redact, "text/event-stream", Provider.Stream, extra: ""","stream":true""");

        var row = Assert.Single(_rows.Rows);
        Assert.Equal(("ok", true, 9, 7), (row.Outcome, row.Streamed, row.InputTokens, row.OutputTokens));
        var cached = JsonDocument.Parse(_cache.Find(lookup.Key!.Value)!.Value.Completion).RootElement;
        Assert.Equal("Write to <EMAIL_ADDRESS_1> today.", cached.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }
}
