using System.Net;
using System.Net.Http.Json;

namespace MlOps.Gateway.Tests;

public sealed class LlmCacheAndOutputTests(LlmGatewayFixture fixture) : IClassFixture<LlmGatewayFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static object Chat(string prompt, bool stream = false, double temperature = 0) =>
        new { model = "dev-chat", messages = new[] { new { role = "user", content = prompt } }, temperature, stream, max_tokens = 60 };

    [Fact]
    public async Task DeterministicRequest_SecondIsAHit_ReplayedAsJsonAndAsSse_NotCharged()
    {
        var (id, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "cache-a", name = "app" });
        using var client = fixture.Gateway.CreateClient(secret);

        var miss = await client.PostAsJsonAsync("/v1/chat/completions", Chat("What is a cache?"), Cancel);
        var hit = await client.PostAsJsonAsync("/v1/chat/completions", Chat("What is a cache?"), Cancel);
        var streamedHit = await client.PostAsJsonAsync("/v1/chat/completions", Chat("What is a cache?", stream: true), Cancel);

        Assert.Equal(["MISS", "HIT", "HIT"], new[] { miss, hit, streamedHit }.Select(r => r.Headers.GetValues("x-mlops-cache").Single()));
        var answer = Content(await miss.ReadJsonAsync());
        Assert.Equal(answer, Content(await hit.ReadJsonAsync()));
        var sse = await LlmSse.ReadAsync(streamedHit);
        Assert.Equal("text/event-stream", streamedHit.Content.Headers.ContentType?.MediaType);
        Assert.True(sse.Done);
        Assert.Equal(answer, sse.Text);
        var row = await new LlmPolicyTests(fixture).UsageRowAsync(id, count: 3);
        Assert.Equal(("HIT", 0L), (row.CacheStatus, row.CostMicros));
    }

    [Fact]
    public async Task StreamedAnswer_CachedAndReplayedAsJson()
    {
        var (_, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "cache-stream", name = "app" });
        using var client = fixture.Gateway.CreateClient(secret);

        var streamed = await LlmSse.ReadAsync(await client.PostAsJsonAsync("/v1/chat/completions", Chat("Stream me", stream: true), Cancel));
        var hit = await client.PostAsJsonAsync("/v1/chat/completions", Chat("Stream me"), Cancel);

        Assert.Equal("HIT", hit.Headers.GetValues("x-mlops-cache").Single());
        Assert.Equal(streamed.Text, Content(await hit.ReadJsonAsync()));
    }

    [Fact]
    public async Task CacheScopeAndBypass_TenantsTemperatureAndCacheControl()
    {
        var (_, secretA) = await fixture.CreateVirtualKeyAsync(new { tenantId = "cache-b", name = "app" });
        var (_, secretB) = await fixture.CreateVirtualKeyAsync(new { tenantId = "cache-c", name = "app" });
        var (_, optedIn) = await fixture.CreateVirtualKeyAsync(new { tenantId = "cache-d", name = "app", cacheNondeterministic = true });
        using var a = fixture.Gateway.CreateClient(secretA);
        using var b = fixture.Gateway.CreateClient(secretB);
        using var creative = fixture.Gateway.CreateClient(optedIn);

        Assert.Equal("MISS", await CacheStatusAsync(a, Chat("Shared question")));
        Assert.Equal("MISS", await CacheStatusAsync(b, Chat("Shared question")));
        Assert.Equal("BYPASS", await CacheStatusAsync(a, Chat("Warm question", temperature: 0.7)));
        Assert.Equal("BYPASS", await CacheStatusAsync(a, Chat("Warm question", temperature: 0.7)));
        Assert.Equal("MISS", await CacheStatusAsync(creative, Chat("Warm question", temperature: 0.7)));
        Assert.Equal("HIT", await CacheStatusAsync(creative, Chat("Warm question", temperature: 0.7)));
        Assert.Equal("BYPASS", await CacheStatusAsync(a, Chat("Fresh question"), "no-store"));
        Assert.Equal("MISS", await CacheStatusAsync(a, Chat("Fresh question")));
        Assert.Equal("BYPASS", await CacheStatusAsync(a, Chat("Fresh question"), "no-cache"));
        Assert.Equal("HIT", await CacheStatusAsync(a, Chat("Fresh question")));
    }

    [Fact]
    public async Task CachedUnderALaxOutputGuard_NeverReplayedToAStricterOne()
    {
        var (_, laxKey) = await fixture.CreateVirtualKeyAsync(new { tenantId = "cache-guard", name = "lax", outputGuard = "off", cache = "semantic" });
        var (_, redactingKey) = await fixture.CreateVirtualKeyAsync(new { tenantId = "cache-guard", name = "redacting", outputGuard = "redact", cache = "semantic" });
        var (_, blockingKey) = await fixture.CreateVirtualKeyAsync(new { tenantId = "cache-guard", name = "blocking", outputGuard = "block" });
        using var lax = fixture.Gateway.CreateClient(laxKey);
        using var redacting = fixture.Gateway.CreateClient(redactingKey);
        using var blocking = fixture.Gateway.CreateClient(blockingKey);
        const string prompt = "Please write to bob@example.org about the invoice";

        var plain = await lax.PostAsJsonAsync("/v1/chat/completions", Chat(prompt), Cancel);
        var redacted = await redacting.PostAsJsonAsync("/v1/chat/completions", Chat(prompt), Cancel);
        var blocked = await blocking.PostAsJsonAsync("/v1/chat/completions", Chat(prompt), Cancel);
        var plainAgain = await lax.PostAsJsonAsync("/v1/chat/completions", Chat(prompt), Cancel);
        // The semantic cache too: a paraphrase finds the lax key's answer only under the lax guard.
        Assert.Equal("MISS", await CacheStatusAsync(lax, Chat("How do I reset my password?")));
        Assert.Equal("MISS", await CacheStatusAsync(redacting, Chat("How can I reset my password?")));
        Assert.Equal("HIT", await CacheStatusAsync(lax, Chat("How can I reset my password?")));

        Assert.Equal(["MISS", "MISS", "HIT"], new[] { plain, redacted, plainAgain }.Select(r => r.Headers.GetValues("x-mlops-cache").Single()));
        Assert.Contains("bob@example.org", Content(await plain.ReadJsonAsync()));
        Assert.Contains("bob@example.org", Content(await plainAgain.ReadJsonAsync()));
        var text = Content(await redacted.ReadJsonAsync());
        Assert.DoesNotContain("bob@example.org", text);
        Assert.Contains("<EMAIL_ADDRESS_1>", text);
        await LlmPolicyTests.AssertErrorAsync(blocked, HttpStatusCode.BadRequest, "output_blocked");
    }

    [Fact]
    public async Task SemanticCache_ParaphraseHits_DifferentQuestionsNeverShareAnAnswer()
    {
        var (_, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "cache-semantic", name = "app", cache = "semantic" });
        using var client = fixture.Gateway.CreateClient(secret);
        (string First, string Second)[] different =
        [
            ("What is the capital of France?", "What is the capital of Germany?"),
            ("What is 2 + 2?", "What is 2 + 3?"),
            ("How do I enable dark mode?", "How do I disable dark mode?"),
            ("Is coffee healthy?", "Is coffee not healthy?"),
            ("Who wrote Hamlet?", "Who wrote Macbeth?"),
            ("How do I sort a list in Python?", "How do I sort a list in JavaScript?"),
            ("Summarize the meeting notes", "Summarize the quarterly report"),
        ];

        Assert.Equal("MISS", await CacheStatusAsync(client, Chat("How do I reset my password?")));
        var paraphrase = await client.PostAsJsonAsync("/v1/chat/completions", Chat("How can I reset my password?"), Cancel);
        Assert.Equal("HIT", paraphrase.Headers.GetValues("x-mlops-cache").Single());
        Assert.InRange(double.Parse(paraphrase.Headers.GetValues("x-mlops-cache-similarity").Single(), System.Globalization.CultureInfo.InvariantCulture), 0.95, 1);
        foreach (var (first, second) in different)
        {
            (await client.PostAsJsonAsync("/v1/chat/completions", Chat(first), Cancel)).EnsureSuccessStatusCode();
            var answer = await client.PostAsJsonAsync("/v1/chat/completions", Chat(second), Cancel);
            Assert.Equal("MISS", answer.Headers.GetValues("x-mlops-cache").Single());
            // The development provider echoes the question: a shared answer would name the other one.
            Assert.Contains(second, Content(await answer.ReadJsonAsync()));
        }
    }

    [Fact]
    public async Task PiiInAnswer_RedactedWholeAndStreamed_EvenSplitAcrossChunks()
    {
        var (_, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "output-redact", name = "app", cache = "off" });
        using var client = fixture.Gateway.CreateClient(secret);
        // The development provider echoes the prompt and streams it word by word: the card number arrives in four chunks.
        const string prompt = "Charge card 4111 1111 1111 1111 and mail jane.doe@example.com please";

        var whole = Content(await (await client.PostAsJsonAsync("/v1/chat/completions", Chat(prompt), Cancel)).ReadJsonAsync());
        var streamed = await LlmSse.ReadAsync(await client.PostAsJsonAsync("/v1/chat/completions", Chat(prompt, stream: true), Cancel));

        foreach (var text in new[] { whole, streamed.Text })
        {
            Assert.DoesNotContain("4111", text);
            Assert.DoesNotContain("jane.doe@example.com", text);
            Assert.Contains("<CREDIT_CARD_1>", text);
            Assert.Contains("<EMAIL_ADDRESS_1>", text);
            Assert.EndsWith("please", text);
        }
        Assert.True(streamed.Done);
        Assert.True(streamed.Events.Count(e => e.GetProperty("choices").GetArrayLength() > 0) > 3, "the answer still streams in several chunks");
    }

    [Fact]
    public async Task BlockingKey_AnswerWithPii_Refused()
    {
        var (_, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "output-block", name = "app", cache = "off", outputGuard = "block" });
        using var client = fixture.Gateway.CreateClient(secret);

        var whole = await client.PostAsJsonAsync("/v1/chat/completions", Chat("my mail is bob@example.org"), Cancel);
        var streamed = await LlmSse.ReadAsync(await client.PostAsJsonAsync("/v1/chat/completions", Chat("my mail is bob@example.org", stream: true), Cancel));
        var clean = await client.PostAsJsonAsync("/v1/chat/completions", Chat("nothing personal here"), Cancel);

        await LlmPolicyTests.AssertErrorAsync(whole, HttpStatusCode.BadRequest, "output_blocked");
        Assert.Equal("output_blocked", streamed.Events.Last().GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain("bob@example.org", streamed.Text);
        Assert.Equal(HttpStatusCode.OK, clean.StatusCode);
    }

    private static string Content(System.Text.Json.JsonElement completion) =>
        completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;

    private static async Task<string> CacheStatusAsync(HttpClient client, object body, string? cacheControl = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(body) };
        if (cacheControl is not null)
        {
            request.Headers.TryAddWithoutValidation("Cache-Control", cacheControl);
        }
        var response = await client.SendAsync(request, Cancel);
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("x-mlops-cache").Single();
    }
}
