using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Caching;
using MlOps.Gateway.Llm.Quotas;

namespace MlOps.Gateway.Tests.Stages;

public sealed class LlmUsageStageTests
{
    private static readonly LlmKeyPolicy Policy = new() { KeyId = Guid.NewGuid(), Team = "search" };

    [Fact]
    public async Task TryAdmit_SinkHasRoom_AdmittedAndNothingAnswered()
    {
        var context = StageHttp.Context();

        Assert.True(await new LlmUsageStage(new RecordingUsageSink(), StageHttp.Metrics()).TryAdmitAsync(context.Response));

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("", StageHttp.ResponseText(context));
    }

    [Fact]
    public async Task TryAdmit_SinkFull_503OverloadedWithRetryAfter()
    {
        var context = StageHttp.Context();

        Assert.False(await new LlmUsageStage(new RecordingUsageSink(admit: false), StageHttp.Metrics()).TryAdmitAsync(context.Response));

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        var error = StageHttp.Error(context);
        Assert.Equal("The gateway is recording more usage than it can write; retry shortly.", error.GetProperty("message").GetString());
        Assert.Equal(("server_error", "overloaded"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
    }

    [Fact]
    public void Record_Call_OneRowWithTheKeyTenantTeamModelAndCounts()
    {
        var sink = new RecordingUsageSink();
        var call = StageHttp.Call(Policy, StageHttp.Chat(), tenant: "tenant-c");

        new LlmUsageStage(sink, StageHttp.Metrics()).Record(call, 11, 7, 3, 250, CacheStatuses.Miss, "ok", 2);

        var row = Assert.Single(sink.Rows);
        Assert.Equal((Policy.KeyId, "tenant-c", "search", "dev-chat"), (row.KeyId, row.TenantId, row.Team, row.Model));
        Assert.Equal((11, 7, 3, 250L, CacheStatuses.Miss, "ok", false), (row.InputTokens, row.OutputTokens, row.CachedInputTokens, row.CostMicros, row.CacheStatus, row.Outcome, row.Streamed));
        Assert.True(row.LatencyMs >= 0);
        Assert.True(call.Recorded);
    }

    [Theory]
    [InlineData(true, "client_aborted")]
    [InlineData(false, "error")]
    public void RecordUnfinished_NoRowYet_BypassRowChargingNothing(bool clientAborted, string outcome)
    {
        var sink = new RecordingUsageSink();

        new LlmUsageStage(sink, StageHttp.Metrics()).RecordUnfinished(StageHttp.Call(Policy, StageHttp.Chat()), clientAborted);

        var row = Assert.Single(sink.Rows);
        Assert.Equal((0, 0, 0L, CacheStatuses.Bypass, outcome), (row.InputTokens, row.OutputTokens, row.CostMicros, row.CacheStatus, row.Outcome));
    }

    [Fact]
    public void RecordUnfinished_RowAlreadyRecorded_NoSecondRow()
    {
        var sink = new RecordingUsageSink();
        var stage = new LlmUsageStage(sink, StageHttp.Metrics());
        var call = StageHttp.Call(Policy, StageHttp.Chat());
        stage.Record(call, 1, 1, 0, 0, CacheStatuses.Miss, "ok", 0);

        stage.RecordUnfinished(call, clientAborted: true);

        Assert.Equal("ok", Assert.Single(sink.Rows).Outcome);
    }

    [Fact]
    public void Charge_Holds_SettledAndTheRowRecorded()
    {
        var sink = new RecordingUsageSink();
        using var holds = StageHttp.Quotas().Hold();

        new LlmUsageStage(sink, StageHttp.Metrics()).Charge(StageHttp.Call(Policy, StageHttp.Chat()), holds, 5, 6, 0, 90, CacheStatuses.Bypass, "ok", 0);

        Assert.Empty(holds.Leases);
        Assert.Equal((5, 6, 90L), (sink.Rows[0].InputTokens, sink.Rows[0].OutputTokens, sink.Rows[0].CostMicros));
    }
}
