using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MlOps.GuardrailGateway.Tests;

/// <summary>OpenAI-compatible embeddings: inputs guarded for PII and secrets, then the providers with fallback.</summary>
public sealed class EmbeddingsTests(LlmFixture fixture) : IClassFixture<LlmFixture>
{
    // Read per test: each test has its own token, cancelled when that test times out or the run stops.
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
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
    public async Task Embed_Dimensions_ShortenedUnitVectorsFromTheProvider()
    {
        using var client = fixture.Client(_tenant);

        using var response = await client.PostAsJsonAsync("/v1/embeddings", new { model = "dev-chat", input = "hello", dimensions = 8, user = "u-1" }, Cancel);
        var vector = Vector(await response.Content.ReadFromJsonAsync<JsonElement>(Cancel), 0);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(8, vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 5);
    }

    [Fact]
    public async Task Embed_Base64Encoding_TheSameVectorAsLittleEndianFloats()
    {
        var (_, floats) = await EmbedAsync("hello");
        using var client = fixture.Client(_tenant);

        using var response = await client.PostAsJsonAsync("/v1/embeddings", new { model = "dev-chat", input = "hello", encoding_format = "base64" }, Cancel);
        var encoded = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("data")[0].GetProperty("embedding").GetString()!;
        var bytes = Convert.FromBase64String(encoded);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Vector(floats, 0), Enumerable.Range(0, bytes.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4))).ToArray());
    }

    [Theory]
    [InlineData("""{"model":"dev-chat","input":"hi","dimensions":0}""", "dimensions")]
    [InlineData("""{"model":"dev-chat","input":"hi","dimensions":"8"}""", "dimensions")]
    [InlineData("""{"model":"dev-chat","input":"hi","encoding_format":"hex"}""", "encoding_format")]
    [InlineData("""{"model":"dev-chat","input":"hi","user":["u"]}""", "user")]
    public async Task Embed_BadOption_400NamingIt(string json, string param)
    {
        using var client = fixture.Client(_tenant);

        using var response = await client.PostAsync("/v1/embeddings", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Cancel);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task Embed_MoreDimensionsThanTheModelHas_ProvidersRefusalAs400()
    {
        using var client = fixture.Client(_tenant);

        using var response = await client.PostAsJsonAsync("/v1/embeddings", new { model = "dev-chat", input = "hello", dimensions = 64 }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Embed_NoInput_400NamingInput()
    {
        var (response, body) = await EmbedAsync(Array.Empty<string>());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("input", body.GetProperty("error").GetProperty("param").GetString());
    }
}
