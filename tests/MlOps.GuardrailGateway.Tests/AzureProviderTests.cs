using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MlOps.GuardrailGateway.Tests;

/// <summary>
/// A provider of kind "azure": requests go out in Azure OpenAI's shape (deployment in the path, api-version, api-key
/// header), which the development provider checks before answering, through Semantic Kernel's Azure OpenAI connector.
/// </summary>
public sealed class AzureProviderTests(LlmFixture fixture) : IClassFixture<LlmFixture>
{
    // Read per test: each test has its own token, cancelled when that test times out or the run stops.
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private readonly string _tenant = "t" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Complete_AzureProvider_AnswersThroughItsDeployment()
    {
        using var client = fixture.Client(_tenant);

        using var response = await client.PostAsJsonAsync("/v1/chat/completions",
            new { model = "azure-chat", messages = new[] { new { role = "user", content = "Hello Azure" } } }, Cancel);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("azure", response.Headers.GetValues("X-MlOps-Provider").Single());
        Assert.Equal("[development provider, not a real model] You said: Hello Azure",
            body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Stream_AzureProvider_ServerSentEventsEndWithDone()
    {
        using var client = fixture.Client(_tenant);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = "azure-chat", stream = true, messages = new[] { new { role = "user", content = "Stream from Azure" } } }),
        };

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);
        var events = (await response.Content.ReadAsStringAsync(Cancel)).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e["data: ".Length..]).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[DONE]", events[^1]);
        var text = string.Concat(events[..^1].Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices"))
            .Where(c => c.GetArrayLength() > 0)
            .Select(c => c[0].GetProperty("delta").TryGetProperty("content", out var part) ? part.GetString() : ""));
        Assert.Equal("[development provider, not a real model] You said: Stream from Azure", text);
    }

    [Fact]
    public async Task Embeddings_AzureProvider_OneVectorPerInput()
    {
        using var client = fixture.Client(_tenant);

        using var response = await client.PostAsJsonAsync("/v1/embeddings", new { model = "azure-embed", input = new[] { "first", "second" } }, Cancel);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, body.GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AzureProvider_RefusesTheKey_502NamingTheProvider_NeverA500(bool stream)
    {
        using var client = fixture.Client(_tenant);

        using var response = await client.PostAsJsonAsync("/v1/chat/completions",
            new { model = "azure-bad-key", stream, messages = new[] { new { role = "user", content = "Hello" } } }, Cancel);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("error");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("azure-bad-key refused the call with HTTP 401", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
