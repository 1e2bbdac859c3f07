using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Llm;

namespace MlOps.AgentOpsTracer.Cost;

/// <summary>Prices a span's tokens by its response model (what actually answered) or else its request model.</summary>
public sealed class PriceTable(IOptions<PriceOptions> options)
{
    public SpanCost Price(string? responseModel, string? requestModel, long? inputTokens, long? outputTokens, long? cachedInputTokens)
    {
        if (inputTokens is null && outputTokens is null)
        {
            return SpanCost.None;
        }
        var prices = options.Value.Prices;
        var price = Find(prices, responseModel) ?? Find(prices, requestModel);
        return price is null
            ? SpanCost.Unpriced
            : new SpanCost(price.CostOf(inputTokens ?? 0, outputTokens ?? 0, cachedInputTokens ?? 0), true);
    }

    private static ModelPrice? Find(Dictionary<string, ModelPrice> prices, string? model) =>
        model is not null && prices.TryGetValue(model, out var price) ? price : null;
}
