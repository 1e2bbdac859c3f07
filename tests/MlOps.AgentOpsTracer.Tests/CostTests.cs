using Microsoft.Extensions.Options;
using MlOps.AgentOpsTracer.Cost;
using MlOps.ServiceDefaults.Llm;

namespace MlOps.AgentOpsTracer.Tests;

public sealed class CostTests
{
    private static readonly PriceTable Prices = new(Options.Create(new PriceOptions
    {
        Prices = new()
        {
            ["gpt-4o"] = new ModelPrice { Input = 2.5m, Output = 10m, CachedInput = 1.25m },
            ["claude-sonnet"] = new ModelPrice { Input = 3m, Output = 15m },
        },
    }));

    [Fact]
    public void Price_CachedInput_PricedAtItsOwnRate()
    {
        // 800 fresh × 2.5 + 400 cached × 1.25 + 300 out × 10 = 2,000 + 500 + 3,000 = 5,500 per million → 0.0055.
        Assert.Equal(new SpanCost(0.0055m, true), Prices.Price(null, "gpt-4o", 1200, 300, 400));
    }

    [Fact]
    public void Price_ResponseModelUnpriced_FallsBackToRequestModel()
    {
        // 1,000 × 3 + 200 × 15 = 6,000 per million → 0.006.
        Assert.Equal(new SpanCost(0.006m, true), Prices.Price("claude-sonnet-20250101", "claude-sonnet", 1000, 200, null));
    }

    [Fact]
    public void Price_ModelWithoutPrice_NullAndFlaggedNeverZero()
    {
        Assert.Equal(new SpanCost(null, false), Prices.Price("mystery-1", "mystery-1", 10, 10, null));
        Assert.Equal(new SpanCost(null, false), Prices.Price(null, null, 10, null, null));
    }

    [Fact]
    public void Price_NoTokens_NoCostButNotUnpriced()
    {
        Assert.Equal(SpanCost.None, Prices.Price(null, "gpt-4o", null, null, null));
    }

    [Fact]
    public void Price_OutputOnly_OneTokenAtTheOutputRate()
    {
        // 1 × 10 per million → 0.00001.
        Assert.Equal(new SpanCost(0.00001m, true), Prices.Price("gpt-4o", null, null, 1, null));
    }
}
