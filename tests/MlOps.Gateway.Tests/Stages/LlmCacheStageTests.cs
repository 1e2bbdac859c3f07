using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Caching;
using MlOps.Gateway.Llm.Guards;
using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Quotas;

namespace MlOps.Gateway.Tests.Stages;

public sealed class LlmCacheStageTests
{
    private const string Completion = """{"id":"chatcmpl-1","object":"chat.completion","model":"dev-chat","choices":[{"index":0,"message":{"role":"assistant","content":"Paris."},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}""";

    private readonly ResponseCache _cache = new(Options.Create(new LlmOptions()), TimeProvider.System);
    private readonly RecordingUsageSink _rows = new();
    private readonly LlmCacheStage _stage;

    public LlmCacheStageTests()
    {
        var options = Options.Create(new LlmOptions());
        _stage = new LlmCacheStage(_cache, new SemanticCache(_cache, new MiniLmModel(), options), new LlmUsageStage(_rows, StageHttp.Metrics()));
    }

    private static LlmAnswer Answer(string outcome = "ok") => new(null, 2, 0, outcome, Encoding.UTF8.GetBytes(Completion));

    [Fact]
    public void Prepare_DeterministicRequest_MissWithTheExactKeyOfTenantGuardAndBody()
    {
        var call = StageHttp.Call(new LlmKeyPolicy(), StageHttp.Chat(), tenant: "tenant-d");

        var lookup = _stage.Prepare(StageHttp.Context().Request, call);

        Assert.Equal(CacheStatuses.Miss, lookup.Status);
        Assert.Equal(ResponseCache.KeyOf("tenant-d", OutputGuards.Redact, call.Request.Body), lookup.Key);
        Assert.Null(lookup.Question);
    }

    [Theory]
    [InlineData(CacheModes.Off, "", CacheStatuses.Bypass, false)]
    [InlineData(CacheModes.Exact, "no-store", CacheStatuses.Bypass, false)]
    [InlineData(CacheModes.Exact, "no-cache", CacheStatuses.Refresh, true)]
    public void Prepare_CacheOffOrCacheControl_StatusAndWhetherItMayBeStored(string mode, string cacheControl, string status, bool keyed)
    {
        var context = StageHttp.Context();
        context.Request.Headers.CacheControl = cacheControl;

        var lookup = _stage.Prepare(context.Request, StageHttp.Call(new LlmKeyPolicy { Cache = mode }, StageHttp.Chat()));

        Assert.Equal(status, lookup.Status);
        Assert.Equal(keyed, lookup.Key is not null);
    }

    [Fact]
    public async Task TryAnswer_NothingStored_NotAnswered()
    {
        var context = StageHttp.Context();
        var call = StageHttp.Call(new LlmKeyPolicy(), StageHttp.Chat());
        using var holds = StageHttp.Quotas().Hold();

        Assert.False(await _stage.TryAnswerAsync(context, call, holds, _stage.Prepare(context.Request, call)));

        Assert.Empty(context.Response.Headers);
        Assert.Empty(_rows.Rows);
    }

    [Fact]
    public async Task TryAnswer_AnswerStoredBefore_ReplayedAsAHitChargingNothing()
    {
        var policy = new LlmKeyPolicy();
        var first = StageHttp.Call(policy, StageHttp.Chat());
        _stage.Store(_stage.Prepare(StageHttp.Context().Request, first), Answer(), ttlSeconds: 60);
        var context = StageHttp.Context();
        var call = StageHttp.Call(policy, StageHttp.Chat());
        using var holds = StageHttp.Quotas().Hold();

        Assert.True(await _stage.TryAnswerAsync(context, call, holds, _stage.Prepare(context.Request, call)));

        Assert.Equal(CacheStatuses.Hit, context.Response.Headers[LlmHeaders.Cache].ToString());
        Assert.False(context.Response.Headers.ContainsKey(LlmHeaders.Similarity));
        var replayed = JsonDocument.Parse(StageHttp.ResponseText(context)).RootElement;
        Assert.Equal("Paris.", replayed.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        var row = Assert.Single(_rows.Rows);
        Assert.Equal((CacheStatuses.Hit, "ok", 0, 0, 0L), (row.CacheStatus, row.Outcome, row.InputTokens, row.OutputTokens, row.CostMicros));
    }

    [Fact]
    public async Task TryAnswer_RefreshWithAnAnswerStored_NotAnswered()
    {
        var policy = new LlmKeyPolicy();
        _stage.Store(_stage.Prepare(StageHttp.Context().Request, StageHttp.Call(policy, StageHttp.Chat())), Answer(), ttlSeconds: 60);
        var context = StageHttp.Context();
        context.Request.Headers.CacheControl = "no-cache";
        var call = StageHttp.Call(policy, StageHttp.Chat());
        using var holds = StageHttp.Quotas().Hold();

        Assert.False(await _stage.TryAnswerAsync(context, call, holds, _stage.Prepare(context.Request, call)));
    }

    [Fact]
    public void Store_AnswerNotCacheable_NothingStored()
    {
        var lookup = _stage.Prepare(StageHttp.Context().Request, StageHttp.Call(new LlmKeyPolicy(), StageHttp.Chat()));

        _stage.Store(lookup, Answer(outcome: "output_blocked"), ttlSeconds: 60);

        Assert.Equal(0, _cache.Count);
    }

    [Theory]
    [InlineData(CacheStatuses.Miss, CacheStatuses.Miss)]
    [InlineData(CacheStatuses.Refresh, CacheStatuses.Bypass)]
    [InlineData(CacheStatuses.Bypass, CacheStatuses.Bypass)]
    public void MarkForwarded_Status_WhatTheCallerIsTold(string status, string header)
    {
        var context = StageHttp.Context();

        LlmCacheStage.MarkForwarded(context.Response, new CacheLookup(status, null, null));

        Assert.Equal(header, context.Response.Headers[LlmHeaders.Cache].ToString());
    }
}
