using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MlOps.GuardrailGateway.Tests;

public sealed class PoliciesApiTests(GuardFixture fixture) : IClassFixture<GuardFixture>
{
    // Read per test: each test has its own token, cancelled when that test times out or the run stops.
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private readonly string _tenant = "t" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Put_CreateReplaceGetDelete()
    {
        using var client = fixture.Client(_tenant);

        var created = await client.PutAsJsonAsync("/policies/strict", new { action = "block", scanners = new[] { "pii", "secrets" } }, Cancel);
        var replaced = await client.PutAsJsonAsync("/policies/strict", new { action = "flag" }, Cancel);
        var got = await client.GetFromJsonAsync<JsonElement>("/policies/strict", Cancel);
        var deleted = await client.DeleteAsync("/policies/strict", Cancel);
        var again = await client.DeleteAsync("/policies/strict", Cancel);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("flag", got.GetProperty("action").GetString());
        Assert.Equal(["pii", "secrets", "injection", "context"], got.GetProperty("scanners").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    public static TheoryData<string, string> BadPolicies() => new()
    {
        { """{"action":"explode"}""", "'action' must be one of flag, redact, block; got 'explode'." },
        { """{"scanners":["pii","telepathy"]}""", "'scanners' names the unknown scanner 'telepathy'" },
        { """{"thresholds":{"pii":1.5}}""", "'thresholds.pii' must name a known scanner and be between 0 and 1." },
        { """{"actions":{"secrets":"ignore"}}""", "'actions.secrets' must name a known scanner" },
        { """{"anonymizer":"shred"}""", "'anonymizer' must be one of" },
        { """{"customPatterns":[{"kind":"X","pattern":"(a)\\1","score":0.9}]}""", "'customPatterns[0].pattern' is not a usable regular expression" },
        { """{"customPatterns":[{"kind":"","pattern":"a","score":0.9}]}""", "'customPatterns[0]' needs a kind" },
    };

    [Theory]
    [MemberData(nameof(BadPolicies))]
    public async Task Put_BadPolicy_400NamingTheField(string json, string detail)
    {
        using var client = fixture.Client(_tenant);
        using var response = await client.PutAsync("/policies/p", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
