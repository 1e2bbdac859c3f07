using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Quotas;
using MlOps.ServiceDefaults.Llm;

namespace MlOps.Gateway.Tests;

/// <summary>What a request reserves: every one of its n choices, and a price for its model whenever a cost budget applies.</summary>
public sealed class LlmPriceAndChoicesTests(LlmGatewayFixture fixture) : IClassFixture<LlmGatewayFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static object Chat(string model, int n = 1) =>
        new { model, messages = new[] { new { role = "user", content = "Name three colours" } }, max_tokens = 100, n };

    [Fact]
    public async Task ChoicesN_ReserveTheOutputCapForEachChoice()
    {
        // Room for the prompt and two choices' caps, not three.
        var budget = LlmQuotaTests.EstimatedInput("Name three colours") + 2 * 100;
        var (_, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "choices-n", name = "app", cache = "off", budget = new { tokens = budget, window = "total" } });
        using var client = fixture.Gateway.CreateClient(secret);

        var three = await client.PostAsJsonAsync("/v1/chat/completions", Chat("dev-chat", n: 3), Cancel);
        var two = await client.PostAsJsonAsync("/v1/chat/completions", Chat("dev-chat", n: 2), Cancel);

        await LlmPolicyTests.AssertErrorAsync(three, HttpStatusCode.TooManyRequests, "budget_exceeded");
        Assert.Equal(HttpStatusCode.OK, two.StatusCode);
    }

    [Fact]
    public async Task UnpricedModel_UnderACostBudget_RefusedNamingTheModel_WithoutACostBudget_Served()
    {
        var (costId, costBudget) = await fixture.CreateVirtualKeyAsync(new { tenantId = "unpriced", name = "costed", cache = "off", budget = new { cost = 1, window = "day" } });
        var (_, tokensOnly) = await fixture.CreateVirtualKeyAsync(new { tenantId = "unpriced", name = "tokens", cache = "off", budget = new { tokens = 10_000, window = "day" } });
        using var costed = fixture.Gateway.CreateClient(costBudget);
        using var counted = fixture.Gateway.CreateClient(tokensOnly);

        var refused = await costed.PostAsJsonAsync("/v1/chat/completions", Chat("no-price-model"), Cancel);
        var priced = await costed.PostAsJsonAsync("/v1/chat/completions", Chat("dev-chat"), Cancel);
        var served = await counted.PostAsJsonAsync("/v1/chat/completions", Chat("no-price-model"), Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var error = (await refused.ReadJsonAsync()).GetProperty("error");
        Assert.Equal(("permission_error", "model_not_priced", "model"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString(), error.GetProperty("param").GetString()));
        Assert.Equal(
            "The model 'no-price-model' has no price, so this key's cost budget cannot cover it; set MlOps:Gateway:Llm:Prices for it (or a DefaultPrice).",
            error.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, priced.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.False(served.Headers.Contains("x-mlops-price"));
        // Only the priced call was recorded against the cost-budget key: the refusal was not served.
        var row = await LlmPolicyTests.UsageRowAsync(fixture.Gateway, costId);
        Assert.Equal("dev-chat", row.Model);
    }

    [Fact]
    public async Task UnpricedModel_WithADefaultPrice_ChargedAtItAndSaysSo()
    {
        var adminKey = "test-admin-" + Guid.NewGuid().ToString("N");
        await using var provider = await HoldingProvider.StartAsync();
        var (gateway, client) = LlmBudgetLeakTests.StartGateway(provider, adminKey, new()
        {
            ["MlOps:Gateway:Llm:DefaultPrice:Input"] = "3", ["MlOps:Gateway:Llm:DefaultPrice:Output"] = "5",
        });
        await using var _ = gateway;
        using var __ = client;
        var (id, secret) = await LlmGatewayFixture.CreateVirtualKeyAsync(gateway, adminKey, new { tenantId = "default-price", name = "app", cache = "off", budget = new { cost = 1, window = "day" } });
        client.DefaultRequestHeaders.Authorization = new("Bearer", secret);

        var defaulted = await client.PostAsJsonAsync("/v1/chat/completions", Chat("no-price-model"), Cancel);
        var own = await client.PostAsJsonAsync("/v1/chat/completions", Chat("dev-chat"), Cancel);

        Assert.Equal(HttpStatusCode.OK, defaulted.StatusCode);
        Assert.Equal("default", defaulted.Headers.GetValues("x-mlops-price").Single());
        Assert.False(own.Headers.Contains("x-mlops-price"));
        var rows = await LlmBudgetLeakTests.UsageRowsAsync(gateway, id, 2);
        // The provider reports 5 prompt and 2 completion tokens: 3 and 5 per million by default, 2 and 8 for dev-chat.
        Assert.Equal(3 * 5 + 5 * 2, rows.Single(r => r.Model == "no-price-model").CostMicros);
        Assert.Equal(2 * 5 + 8 * 2, rows.Single(r => r.Model == "dev-chat").CostMicros);
    }

    [Fact]
    public void LlmCall_ChoicesToolCallNamesAndLegacyFunctions_AllReserved()
    {
        var counter = new TokenCounter();
        const string functions = """[{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]""";
        const string toolCall = """{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]}""";
        LlmCall Call(string messages, string extra) => new(new LlmKeyPolicy(), LlmRequest.Parse(Encoding.UTF8.GetBytes(
            $$"""{"model":"gpt-4o","max_tokens":10,"messages":[{"role":"user","content":"Weather in Paris?"}{{messages}}]{{extra}}}"""), "/v1/chat/completions").Request!,
            "t", 0, counter, new LlmOptions { Prices = { ["gpt-4o"] = new ModelPrice { Input = 2, Output = 8 } } });

        var plain = Call("", "");
        var threeChoices = Call("", ",\"n\":3");
        var withFunctions = Call("", ",\"functions\":" + functions);
        var afterACall = Call("," + toolCall, "");

        Assert.Equal((plain.InputTokens + 30L, 2L * plain.InputTokens + 8 * 30), (threeChoices.ReservedTokens, threeChoices.ReservedCostMicros));
        Assert.Equal(counter.Count("gpt-4o", functions), withFunctions.InputTokens - plain.InputTokens);
        // The call's message overhead, its arguments (an input text) and its function's name.
        Assert.Equal(TokenCounter.PerMessageOverhead + counter.Count("gpt-4o", "{}") + counter.Count("gpt-4o", "get_weather"), afterACall.InputTokens - plain.InputTokens);
    }
}
