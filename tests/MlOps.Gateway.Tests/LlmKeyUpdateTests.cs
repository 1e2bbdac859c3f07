using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOps.ServiceDefaults.Identity;
using MlOps.TestSupport;

namespace MlOps.Gateway.Tests;

/// <summary>PATCH /admin/llm-keys/{id}: a virtual key's limits change in place and a blocked key's calls are refused on every replica.</summary>
public sealed class LlmKeyUpdateTests(FakeClockLlmGatewayFixture fixture) : IClassFixture<FakeClockLlmGatewayFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static object Chat(string prompt) => new { model = "dev-chat", messages = new[] { new { role = "user", content = prompt } }, max_tokens = 20 };

    [Fact]
    public async Task Patch_Blocked_CallsRefusedOnBothReplicasUntilUnblocked()
    {
        var (id, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "llm-block", name = "app", cache = "off" });
        using var client = fixture.Gateway.CreateClient(secret);
        using var replica = fixture.Replica.CreateClient(secret);
        using var admin = fixture.Gateway.CreateClient(fixture.AdminKey);
        // Both replicas hold the policy in their caches before it changes.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v1/chat/completions", Chat("before"), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await replica.PostAsJsonAsync("/v1/chat/completions", Chat("before"), Cancel)).StatusCode);

        var blocked = await admin.PatchAsJsonAsync($"/admin/llm-keys/{id}", new { blocked = true, reason = "incident 42: runaway agent" }, Cancel);

        Assert.Equal(HttpStatusCode.OK, blocked.StatusCode);
        var view = await blocked.ReadJsonAsync();
        Assert.True(view.GetProperty("blocked").GetBoolean());
        Assert.Equal("incident 42: runaway agent", view.GetProperty("blockedReason").GetString());
        var refused = await client.PostAsJsonAsync("/v1/chat/completions", Chat("after"), Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var error = (await refused.ReadJsonAsync()).GetProperty("error");
        Assert.Equal(("key_blocked", "permission_error", "This virtual key is blocked: incident 42: runaway agent"),
            (error.GetProperty("code").GetString(), error.GetProperty("type").GetString(), error.GetProperty("message").GetString()));
        await Eventually.WaitAsync(() => replica.PostAsJsonAsync("/v1/chat/completions", Chat("after"), Cancel),
            r => r.StatusCode == HttpStatusCode.Forbidden, "the replica to refuse the blocked key");

        var unblocked = await admin.PatchAsJsonAsync($"/admin/llm-keys/{id}", new { blocked = false }, Cancel);

        Assert.Equal(HttpStatusCode.OK, unblocked.StatusCode);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await unblocked.ReadJsonAsync()).GetProperty("blockedReason").ValueKind);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v1/chat/completions", Chat("again"), Cancel)).StatusCode);
    }

    [Fact]
    public async Task Patch_Rpm_NextCallsLimitedByTheNewLimit()
    {
        var (id, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "llm-throttle", name = "app", rpm = 1000, cache = "off" });
        using var client = fixture.Gateway.CreateClient(secret);
        using var admin = fixture.Gateway.CreateClient(fixture.AdminKey);

        var patched = await admin.PatchAsJsonAsync($"/admin/llm-keys/{id}", new { rpm = 2, tpm = 50_000 }, Cancel);

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var view = await patched.ReadJsonAsync();
        Assert.Equal((2, 50_000), (view.GetProperty("rpm").GetInt32(), view.GetProperty("tpm").GetInt32()));
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            responses.Add(await client.PostAsJsonAsync("/v1/chat/completions", Chat($"q{i}"), Cancel));
        }
        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        await LlmPolicyTests.AssertErrorAsync(refused, HttpStatusCode.TooManyRequests, "rate_limit_exceeded");
        Assert.Equal("2", refused.Headers.GetValues("x-ratelimit-limit-requests").Single());
    }

    [Fact]
    public async Task Patch_InvalidOrUnknownOrNotAdmin_RefusedWithProblems()
    {
        var (id, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "llm-patch", name = "app" });
        using var admin = fixture.Gateway.CreateClient(fixture.AdminKey);
        using var virtualKey = fixture.Gateway.CreateClient(secret);

        var empty = await admin.PatchAsJsonAsync($"/admin/llm-keys/{id}", new { }, Cancel);
        var reasonAlone = await admin.PatchAsJsonAsync($"/admin/llm-keys/{id}", new { rpm = 5, reason = "why" }, Cancel);
        var zero = await admin.PatchAsJsonAsync($"/admin/llm-keys/{id}", new { rpm = 0 }, Cancel);
        var unknown = await admin.PatchAsJsonAsync($"/admin/llm-keys/{Guid.NewGuid()}", new { blocked = true }, Cancel);
        var notAdmin = await virtualKey.PatchAsJsonAsync($"/admin/llm-keys/{id}", new { rpm = 1_000_000 }, Cancel);

        Assert.Equal("body: Send rpm, tpm, blocked or a combination.", (await empty.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Equal("reason: only with blocked: true.", (await reasonAlone.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        var key = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/admin/llm-keys/{id}", Cancel);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, key.GetProperty("rpm").ValueKind);
        Assert.False(key.GetProperty("blocked").GetBoolean());
    }

    [Fact]
    public async Task Patch_IncidentServiceToken_BlocksOwnTenantsKeyOnly_TokensWithoutTheScopeOrSignedElsewhereRefused()
    {
        var (own, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "llm-svc", name = "app" });
        var (other, _) = await fixture.CreateVirtualKeyAsync(new { tenantId = "llm-svc-other", name = "app" });
        var issuer = fixture.Gateway.Services.GetRequiredService<PlatformTokenIssuer>();
        using var incident = fixture.Gateway.CreateClient(issuer.Issue("llm-svc", "service:incident", ServiceIdentities.ScopesOf("incident")!, TimeSpan.FromMinutes(5)));
        using var trainer = fixture.Gateway.CreateClient(issuer.Issue("llm-svc", "service:trainer", ServiceIdentities.ScopesOf("trainer")!, TimeSpan.FromMinutes(5)));
        using var forged = fixture.Gateway.CreateClient(TestIdentity.Issuer.Issue("llm-svc", "service:incident", [PlatformScopes.LlmKeys], TimeSpan.FromMinutes(5)));

        var blocked = await incident.PatchAsJsonAsync($"/admin/llm-keys/{own}", new { blocked = true, reason = "runbook" }, Cancel);
        var otherTenant = await incident.PatchAsJsonAsync($"/admin/llm-keys/{other}", new { blocked = true }, Cancel);
        var noScope = await trainer.PatchAsJsonAsync($"/admin/llm-keys/{own}", new { rpm = 1 }, Cancel);
        var notOurs = await forged.PatchAsJsonAsync($"/admin/llm-keys/{own}", new { rpm = 1 }, Cancel);
        var readOnly = await incident.GetAsync($"/admin/llm-keys/{own}", Cancel);

        Assert.Equal(HttpStatusCode.OK, blocked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherTenant.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, noScope.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, notOurs.StatusCode);
        // Service tokens open only this route: the rest of the admin API and the edge stay API keys' alone.
        Assert.Equal(HttpStatusCode.Unauthorized, readOnly.StatusCode);
        using var client = fixture.Gateway.CreateClient(secret);
        await LlmPolicyTests.AssertErrorAsync(await client.PostAsJsonAsync("/v1/chat/completions", Chat("hi"), Cancel), HttpStatusCode.Forbidden, "key_blocked");
        using var admin = fixture.Gateway.CreateClient(fixture.AdminKey);
        Assert.False((await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/admin/llm-keys/{other}", Cancel)).GetProperty("blocked").GetBoolean());
    }
}
