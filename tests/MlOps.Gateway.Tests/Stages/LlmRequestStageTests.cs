using Microsoft.Extensions.Options;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Models;
using MlOps.ServiceDefaults.Llm;

namespace MlOps.Gateway.Tests.Stages;

public sealed class LlmRequestStageTests
{
    private static LlmRequestStage Stage(LlmOptions? options = null) => new(StageHttp.Tokens, Options.Create(options ?? new LlmOptions()));

    [Fact]
    public async Task Read_AllowedModel_CallForTheTenantAndTheKeysInputGuardForwarded()
    {
        var policy = new LlmKeyPolicy { AllowedModels = ["dev-chat"], InputGuard = InputGuards.Off };
        var context = StageHttp.Context(body: StageHttp.Chat(), tenant: "tenant-b");

        var call = await Stage().ReadAsync(context, policy, started: 42);

        Assert.NotNull(call);
        Assert.Same(policy, call.Policy);
        Assert.Equal(("tenant-b", "dev-chat", 42L), (call.Tenant, call.Model, call.Started));
        Assert.Equal(32, call.OutputCap);
        Assert.Equal(InputGuards.Off, context.Features.Get<KeyInputGuard>()!.Mode);
        Assert.Equal("", StageHttp.ResponseText(context));
    }

    [Fact]
    public async Task Read_BodyOverTheLimit_413RequestTooLarge()
    {
        var context = StageHttp.Context(body: StageHttp.Chat());

        Assert.Null(await Stage(new LlmOptions { MaxRequestBytes = 50 }).ReadAsync(context, new LlmKeyPolicy(), 0));

        Assert.Equal(413, context.Response.StatusCode);
        var error = StageHttp.Error(context);
        Assert.Equal("The request body is larger than 50 bytes.", error.GetProperty("message").GetString());
        Assert.Equal(("invalid_request_error", "request_too_large"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.Null(context.Features.Get<KeyInputGuard>());
    }

    [Fact]
    public async Task Read_NoModel_400NamingTheModelField()
    {
        var context = StageHttp.Context(body: """{"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Null(await Stage().ReadAsync(context, new LlmKeyPolicy(), 0));

        Assert.Equal(400, context.Response.StatusCode);
        Assert.Equal("invalid_request_error", StageHttp.Error(context).GetProperty("type").GetString());
        Assert.Equal("model", StageHttp.Error(context).GetProperty("param").GetString());
    }

    [Fact]
    public async Task Read_ModelTheKeyMayNotUse_403ModelNotAllowed()
    {
        var context = StageHttp.Context(body: StageHttp.Chat(model: "gpt-4o"));

        Assert.Null(await Stage().ReadAsync(context, new LlmKeyPolicy { AllowedModels = ["dev-chat"] }, 0));

        Assert.Equal(403, context.Response.StatusCode);
        var error = StageHttp.Error(context);
        Assert.Equal("This virtual key may not use the model 'gpt-4o'.", error.GetProperty("message").GetString());
        Assert.Equal(("model_not_allowed", "model"), (error.GetProperty("code").GetString(), error.GetProperty("param").GetString()));
    }

    [Fact]
    public async Task Read_UnpricedModelUnderACostBudget_403ModelNotPriced()
    {
        var context = StageHttp.Context(body: StageHttp.Chat(model: "unpriced-model"));

        Assert.Null(await Stage().ReadAsync(context, new LlmKeyPolicy { BudgetCostMicros = 1_000_000 }, 0));

        Assert.Equal(403, context.Response.StatusCode);
        var error = StageHttp.Error(context);
        Assert.Equal("The model 'unpriced-model' has no price, so this key's cost budget cannot cover it; set MlOps:Gateway:Llm:Prices for it (or a DefaultPrice).",
            error.GetProperty("message").GetString());
        Assert.Equal("model_not_priced", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Read_PricedModelUnderACostBudget_Admitted()
    {
        var options = new LlmOptions { Prices = { ["dev-chat"] = new ModelPrice { Input = 1m, Output = 2m } } };
        var context = StageHttp.Context(body: StageHttp.Chat());

        var call = await Stage(options).ReadAsync(context, new LlmKeyPolicy { BudgetCostMicros = 1_000_000 }, 0);

        Assert.NotNull(call);
        Assert.False(call.PriceIsDefault);
    }
}
