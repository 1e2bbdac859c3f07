using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MlOps.GuardrailGateway.Tests;

/// <summary>OpenAI-compatible embeddings: inputs guarded for PII and secrets, then the providers with fallback.</summary>
public sealed class EmbeddingsTests(LlmFixture fixture) : IClassFixture<LlmFixture>
{
    private static readonly CancellationToken Cancel = TestContext.Current.CancellationToken;
    private readonly string _tenant = "t" + Guid.NewGuid().ToString("N")[..12];

    private async Task<(HttpResponseMessage Response, JsonElement Body)> EmbedAsync(object input)
    {
        using var client = fixture.Client(_tenant);
        var response = await client.PostAsJsonAsync("/v1/embeddings", new { model = "dev-chat", input }, Cancel);
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>(Cancel));
    }

    private static float[] Vector(JsonElement body, int index) =>
        [.. body.GetProperty("data")[index].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle())];

    [Fact]
    public async Task Embed_Batch_OneVectorPerInputThroughTheFallback()
    {
        var (response, body) = await EmbedAsync(new[] { "hello", "world", "hello" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", response.Headers.GetValues("X-MlOps-Provider").Single());
        Assert.Equal(3, body.GetProperty("data").GetArrayLength());
        Assert.Equal(16, Vector(body, 0).Length);
        Assert.Equal(Vector(body, 0), Vector(body, 2));
        Assert.NotEqual(Vector(body, 0), Vector(body, 1));
    }

    [Fact]
    public async Task Embed_Pii_TheProviderEmbedsTheRedactedText()
    {
        var (_, withPii) = await EmbedAsync("Contact jane@example.com");
        var (_, redacted) = await EmbedAsync("Contact <EMAIL_ADDRESS_1>");

        Assert.Equal(Vector(redacted, 0), Vector(withPii, 0));
    }

    [Fact]
    public async Task Embed_Secret_BlockedWithAnOpenAiGuardrailError()
    {
        var (response, body) = await EmbedAsync(new[] { "fine", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("guardrail_violation", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("input[1]", body.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task Embed_NoInput_400NamingInput()
    {
        var (response, body) = await EmbedAsync(Array.Empty<string>());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("input", body.GetProperty("error").GetProperty("param").GetString());
    }
}
