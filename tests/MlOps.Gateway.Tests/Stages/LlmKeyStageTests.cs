using MlOps.Gateway.Llm.Admission;

namespace MlOps.Gateway.Tests.Stages;

public sealed class LlmKeyStageTests
{
    [Fact]
    public async Task Admit_VirtualKeyAllowedTheRoute_ReturnsItsPolicyAndAnswersNothing()
    {
        var keyId = Guid.NewGuid();
        var policy = new LlmKeyPolicy { KeyId = keyId, AllowedRoutes = ["/v1/chat/"] };
        var policies = new FakeKeyPolicies(policy);
        var context = StageHttp.Context(keyId: keyId);

        var admitted = await new LlmKeyStage(policies).AdmitAsync(context);

        Assert.Same(policy, admitted);
        Assert.Equal([keyId], policies.Asked);
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("", StageHttp.ResponseText(context));
    }

    [Fact]
    public async Task Admit_KeyWithoutPolicy_403NotAVirtualKey()
    {
        var context = StageHttp.Context();

        Assert.Null(await new LlmKeyStage(new FakeKeyPolicies(null)).AdmitAsync(context));

        Assert.Equal(403, context.Response.StatusCode);
        var error = StageHttp.Error(context);
        Assert.Equal("This API key is not a virtual key: the /v1 routes need a key created with POST /admin/llm-keys.", error.GetProperty("message").GetString());
        Assert.Equal("permission_error", error.GetProperty("type").GetString());
        Assert.Equal("not_a_virtual_key", error.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("spending review", "This virtual key is blocked: spending review")]
    [InlineData(null, "This virtual key is blocked.")]
    public async Task Admit_BlockedKey_403KeyBlockedWithItsReason(string? reason, string message)
    {
        var context = StageHttp.Context();

        Assert.Null(await new LlmKeyStage(new FakeKeyPolicies(new LlmKeyPolicy { Blocked = true, BlockedReason = reason })).AdmitAsync(context));

        Assert.Equal(403, context.Response.StatusCode);
        Assert.Equal(message, StageHttp.Error(context).GetProperty("message").GetString());
        Assert.Equal("key_blocked", StageHttp.Error(context).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Admit_RouteNotAllowed_403NamingThePath()
    {
        var context = StageHttp.Context(path: "/v1/embeddings");

        Assert.Null(await new LlmKeyStage(new FakeKeyPolicies(new LlmKeyPolicy { AllowedRoutes = ["/v1/chat/"] })).AdmitAsync(context));

        Assert.Equal(403, context.Response.StatusCode);
        Assert.Equal("This virtual key may not call /v1/embeddings.", StageHttp.Error(context).GetProperty("message").GetString());
        Assert.Equal("route_not_allowed", StageHttp.Error(context).GetProperty("code").GetString());
    }
}
