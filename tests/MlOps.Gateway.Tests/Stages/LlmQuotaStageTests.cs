using Microsoft.Extensions.Logging.Abstractions;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Quotas;
using MlOps.ServiceDefaults.Llm;

namespace MlOps.Gateway.Tests.Stages;

public sealed class LlmQuotaStageTests
{
    private static (LlmQuotaStage Stage, RecordingUsageSink Rows) Stage(LlmQuotas quotas)
    {
        var rows = new RecordingUsageSink();
        return (new LlmQuotaStage(quotas, new LlmUsageStage(rows, StageHttp.Metrics()), NullLogger<LlmQuotaStage>.Instance), rows);
    }

    [Fact]
    public async Task Reserve_KeyWithoutLimits_BothPassWithoutHeadersOrRows()
    {
        var (stage, rows) = Stage(StageHttp.Quotas());
        var context = StageHttp.Context();
        var call = StageHttp.Call(new LlmKeyPolicy(), StageHttp.Chat());
        using var holds = stage.Hold(context, call);

        Assert.True(await stage.ReserveRateAsync(context, call, holds, TestContext.Current.CancellationToken));
        Assert.True(await stage.ReserveBudgetAsync(context, call, holds, TestContext.Current.CancellationToken));

        Assert.Empty(context.Response.Headers);
        Assert.Empty(rows.Rows);
        Assert.Equal("", StageHttp.ResponseText(context));
    }

    [Fact]
    public void Hold_ModelChargedAtTheDefaultPrice_MarkedOnTheAnswer()
    {
        var options = new LlmOptions { DefaultPrice = new ModelPrice { Input = 1m, Output = 1m } };
        var (stage, _) = Stage(StageHttp.Quotas());
        var context = StageHttp.Context();

        using var holds = stage.Hold(context, StageHttp.Call(new LlmKeyPolicy(), StageHttp.Chat(model: "unlisted"), options));

        Assert.Equal("default", context.Response.Headers[LlmHeaders.Price].ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reserve_QuotaStoreUnreachable_503QuotaStoreUnavailableAndItsRow(bool budget)
    {
        var (stage, rows) = Stage(StageHttp.Quotas());
        var context = StageHttp.Context();
        var call = StageHttp.Call(new LlmKeyPolicy { Rpm = 10, BudgetTokens = 10_000 }, StageHttp.Chat());
        using var holds = stage.Hold(context, call);

        var passed = budget
            ? await stage.ReserveBudgetAsync(context, call, holds, TestContext.Current.CancellationToken)
            : await stage.ReserveRateAsync(context, call, holds, TestContext.Current.CancellationToken);

        Assert.False(passed);
        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        var error = StageHttp.Error(context);
        Assert.Equal("The gateway cannot reach its quota store; retry shortly.", error.GetProperty("message").GetString());
        Assert.Equal(("server_error", "quota_store_unavailable"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.Equal("quota_unavailable", Assert.Single(rows.Rows).Outcome);
    }

    [Fact]
    public async Task ReserveRate_SecondRequestOverOneRpm_429RateLimitedWithHeadersAndItsRow()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await QuotaDatabase.CreateAsync(cancellationToken);
        var (stage, rows) = Stage(StageHttp.Quotas(database.ConnectionString));
        var policy = new LlmKeyPolicy { KeyId = Guid.NewGuid(), Rpm = 1 };
        var first = StageHttp.Context();
        var firstCall = StageHttp.Call(policy, StageHttp.Chat());
        using var firstHolds = stage.Hold(first, firstCall);
        Assert.True(await stage.ReserveRateAsync(first, firstCall, firstHolds, cancellationToken));
        Assert.Equal("1", first.Response.Headers["x-ratelimit-limit-requests"].ToString());
        Assert.Equal("0", first.Response.Headers["x-ratelimit-remaining-requests"].ToString());

        var second = StageHttp.Context();
        var secondCall = StageHttp.Call(policy, StageHttp.Chat());
        using var secondHolds = stage.Hold(second, secondCall);
        Assert.False(await stage.ReserveRateAsync(second, secondCall, secondHolds, cancellationToken));

        Assert.Equal(429, second.Response.StatusCode);
        Assert.InRange(int.Parse(second.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal("1", second.Response.Headers["x-ratelimit-limit-requests"].ToString());
        var error = StageHttp.Error(second);
        Assert.StartsWith("The key's limit of 1 requests per minute does not cover this request", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(("rate_limit_error", "rate_limit_exceeded"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.Equal("rate_limited", Assert.Single(rows.Rows).Outcome);
    }

    [Fact]
    public async Task ReserveBudget_EstimateOverTheTokenBudget_429BudgetExceededAndItsRow()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await QuotaDatabase.CreateAsync(cancellationToken);
        var (stage, rows) = Stage(StageHttp.Quotas(database.ConnectionString));
        var context = StageHttp.Context();
        // The estimate is the input plus max_tokens (32): more than a budget of 10 tokens.
        var call = StageHttp.Call(new LlmKeyPolicy { KeyId = Guid.NewGuid(), BudgetTokens = 10 }, StageHttp.Chat());
        using var holds = stage.Hold(context, call);

        Assert.False(await stage.ReserveBudgetAsync(context, call, holds, cancellationToken));

        Assert.Equal(429, context.Response.StatusCode);
        var error = StageHttp.Error(context);
        Assert.StartsWith("The key's budget of 10 tokens does not cover this request", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(("insufficient_quota", "budget_exceeded"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.False(context.Response.Headers.ContainsKey("x-ratelimit-limit-tokens"));
        Assert.Equal("over_budget", Assert.Single(rows.Rows).Outcome);
    }
}
