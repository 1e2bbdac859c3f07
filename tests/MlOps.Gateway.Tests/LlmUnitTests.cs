using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Caching;
using MlOps.Gateway.Llm.Guards;
using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Quotas;
using MlOps.ServiceDefaults.Llm;

namespace MlOps.Gateway.Tests;

public sealed class LlmUnitTests
{
    private static readonly AnswerGuard Guard = new();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void StreamingRedactor_EmailSplitAtAnyChunkSize_NeverReleasedInTheClear(int chunkSize)
    {
        const string answer = "Sure! Write to maria.gonzalez@example.com or call later, and quote card 5555 5555 5555 4444 in the subject line.";
        var redactor = new StreamingRedactor(Guard, holdBack: 48);
        var released = new List<string>();

        for (var i = 0; i < answer.Length; i += chunkSize)
        {
            released.Add(redactor.Push(answer.Substring(i, Math.Min(chunkSize, answer.Length - i))));
        }
        released.Add(redactor.Flush());

        var text = string.Concat(released);
        Assert.Equal("Sure! Write to <EMAIL_ADDRESS_1> or call later, and quote card <CREDIT_CARD_1> in the subject line.", text);
        Assert.DoesNotContain(released, piece => piece.Contains("maria", StringComparison.Ordinal) || piece.Contains("5555", StringComparison.Ordinal));
        Assert.Equal(2, redactor.Redactions);
    }

    [Theory]
    [InlineData("Your IBAN is DE89 3704 0044 0532 0130 00 as agreed.", "DE89")]
    [InlineData("Call me at +1 (415) 555-0132 tomorrow morning please.", "555")]
    [InlineData("set aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY now", "wJalr")]
    public void StreamingRedactor_WordByWord_MultiWordFindingsNeverLeak(string answer, string secretPart)
    {
        var redactor = new StreamingRedactor(Guard, holdBack: 48);

        var released = answer.Split(' ').Select((word, i) => redactor.Push((i == 0 ? "" : " ") + word)).Append(redactor.Flush()).ToList();

        Assert.DoesNotContain(released, piece => piece.Contains(secretPart, StringComparison.Ordinal));
    }

    [Fact]
    public void StreamingRedactor_PlainWords_ReleasedOneWordLate()
    {
        var redactor = new StreamingRedactor(Guard, holdBack: 48);

        Assert.Equal("", redactor.Push("The"));
        Assert.Equal("The ", redactor.Push(" weather"));
        Assert.Equal("weather ", redactor.Push(" is"));
    }

    [Fact]
    public void StreamingRedactor_ShortText_HeldUntilFlushed()
    {
        var redactor = new StreamingRedactor(Guard, holdBack: 48);

        Assert.Equal("", redactor.Push("Hello"));
        Assert.Equal("Hello", redactor.Flush());
    }

    [Fact]
    public void CacheKey_IgnoresKeyOrderAndStreaming_SeparatesTenantsAndParameters()
    {
        var request = JsonNode.Parse("""{"model":"m","messages":[{"role":"user","content":"q"}],"temperature":0,"stream":true}""")!.AsObject();
        var reordered = JsonNode.Parse("""{"temperature":0,"messages":[{"content":"q","role":"user"}],"model":"m"}""")!.AsObject();
        var otherTopP = JsonNode.Parse("""{"model":"m","messages":[{"role":"user","content":"q"}],"temperature":0,"top_p":0.5}""")!.AsObject();

        Assert.Equal(ResponseCache.KeyOf("t1", OutputGuards.Redact, request), ResponseCache.KeyOf("t1", OutputGuards.Redact, reordered));
        Assert.NotEqual(ResponseCache.KeyOf("t1", OutputGuards.Redact, request), ResponseCache.KeyOf("t2", OutputGuards.Redact, request));
        Assert.NotEqual(ResponseCache.KeyOf("t1", OutputGuards.Redact, request), ResponseCache.KeyOf("t1", OutputGuards.Redact, otherTopP));
    }

    [Fact]
    public void ResponseCache_KeepsTheNewestAnswers_TheOldestLeaveFirst()
    {
        var cache = new ResponseCache(Options.Create(new LlmOptions { CacheEntries = 2 }), TimeProvider.System);
        var keys = Enumerable.Range(1, 3)
            .Select(i => ResponseCache.KeyOf("t1", OutputGuards.Redact, JsonNode.Parse($$"""{"model":"m","messages":[{"role":"user","content":"q{{i}}"}]}""")!.AsObject()))
            .ToArray();
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            cache.Store(key, ResponseCache.Entry.Of(Encoding.UTF8.GetBytes($"answer {i}"), null), TimeSpan.FromMinutes(1));
        }

        Assert.Null(cache.Find(keys[0]));
        Assert.Equal("answer 1", Encoding.UTF8.GetString(cache.Find(keys[1])!.Value.Completion));
        Assert.Equal("answer 2", Encoding.UTF8.GetString(cache.Find(keys[2])!.Value.Completion));
    }

    [Theory]
    [InlineData("minute", "2026-11-27T12:34:56Z", "2026-11-27T12:34:00Z", "2026-11-27T12:35:00Z")]
    [InlineData("day", "2026-11-27T12:34:56Z", "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z")]
    [InlineData("month", "2026-12-31T23:59:59Z", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    public void QuotaWindows_CalendarWindows(string window, string now, string start, string end)
    {
        var (s, e) = QuotaWindows.Of(window, DateTime.Parse(now, null, System.Globalization.DateTimeStyles.AdjustToUniversal));

        Assert.Equal((DateTime.Parse(start, null, System.Globalization.DateTimeStyles.AdjustToUniversal), DateTime.Parse(end, null, System.Globalization.DateTimeStyles.AdjustToUniversal)), (s, e));
    }

    [Fact]
    public void QuotaWindows_CustomWindow_AlignedAndContainsNow()
    {
        var now = new DateTime(2026, 11, 27, 12, 34, 56, DateTimeKind.Utc);

        var (start, end) = QuotaWindows.Of(QuotaWindows.Custom, now, 6 * 3600);

        Assert.Equal(new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc), start);
        Assert.Equal(start.AddHours(6), end);
    }

    [Theory]
    [InlineData("gpt-4o-mini", "o200k_base")]
    [InlineData("o3-mini", "o200k_base")]
    [InlineData("openai/gpt-5", "o200k_base")]
    [InlineData("gpt-4", "cl100k_base")]
    [InlineData("gpt-3.5-turbo", "cl100k_base")]
    [InlineData("llama-3-70b", "cl100k_base")]
    public void TokenCounter_PicksTheModelFamilysEncoding(string model, string encoding) =>
        Assert.Equal(encoding, new TokenCounter().EncodingOf(model));

    [Fact]
    public void TokenCounter_CountsLikeTiktoken() =>
        // tiktoken: "Text tokenization is the process of splitting a string into a list of tokens." is 16 tokens in o200k_base.
        Assert.Equal(16, new TokenCounter().Count("gpt-4o", "Text tokenization is the process of splitting a string into a list of tokens."));

    [Theory]
    [InlineData("How do I reset my password?", "How can I reset my password?", true)]
    [InlineData("What is the capital of France?", "What is the capital of Germany?", false)]
    [InlineData("What is 2 + 2?", "What is 2 + 3?", false)]
    [InlineData("Is coffee healthy?", "Is coffee not healthy?", false)]
    [InlineData("Tell me about Paris. Paris is big?", "tell me about Paris. Paris is big?", true)]
    public void QuestionTerms_NumbersNamesAndNegationMustMatch(string first, string second, bool same) =>
        Assert.Equal(same, QuestionTerms.Of(first) == QuestionTerms.Of(second));

    [Fact]
    public void LlmCall_ToolDefinitionsReservedAsInputTokens()
    {
        var counter = new TokenCounter();
        const string tools = """[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]""";
        LlmCall Call(string extra) => new(new LlmKeyPolicy(), LlmRequest.Parse(Encoding.UTF8.GetBytes(
            $$"""{"model":"gpt-4o","max_tokens":10,"messages":[{"role":"user","content":"Weather in Paris?"}]{{extra}}}"""), "/v1/chat/completions").Request!,
            "t", 0, counter, new LlmOptions());

        var without = Call("");
        var with = Call(",\"tools\":" + tools);

        Assert.Equal(counter.Count("gpt-4o", tools), with.InputTokens - without.InputTokens);
        Assert.Equal(with.InputTokens + 10, with.ReservedTokens);
    }

    [Fact]
    public void LlmCall_TakeBody_LetsTheParsedRequestGoAndKeepsWhatSettlementReads()
    {
        var json = Encoding.UTF8.GetBytes("""{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Hi"}]}""");
        var call = new LlmCall(new LlmKeyPolicy(), LlmRequest.Parse(json, "/v1/chat/completions").Request!, "t", 0, new TokenCounter(), new LlmOptions { DefaultMaxTokens = 7 });

        var body = call.TakeBody();

        // The body forwarded carries the cap the budget reserved; the request tree is gone, its facts are not.
        Assert.Equal(7, System.Text.Json.Nodes.JsonNode.Parse(body)!["max_tokens"]!.GetValue<int>());
        Assert.Throws<InvalidOperationException>(() => call.Request);
        Assert.Equal(("gpt-4o", true, false), (call.Model, call.Stream, call.IsEmbeddings));
    }

    [Fact]
    public void ModelPrice_CachedInputAtItsOwnPrice_RoundedUpToAMillionth()
    {
        var price = new ModelPrice { Input = 2.5m, Output = 10m, CachedInput = 1.25m };

        Assert.Equal((long)Math.Ceiling(2.5m * 600 + 10m * 50 + 1.25m * 400), price.Micros(1000, 50, 400));
    }

    [Theory]
    [InlineData("""{"prompt_tokens":12,"completion_tokens":30,"total_tokens":42}""", 12, 30, 0)]
    [InlineData("""{"prompt_tokens":12,"completion_tokens":30,"prompt_tokens_details":{"audio_tokens":0,"cached_tokens":8},"completion_tokens_details":{"reasoning_tokens":4}}""", 12, 30, 8)]
    [InlineData("""{"completion_tokens":30,"prompt_tokens_details":{"cached_tokens":8},"prompt_tokens":12}""", 12, 30, 8)]
    [InlineData("""{"prompt\u005ftokens":7}""", 7, 0, 0)]
    [InlineData("""{"prompt_tokens":7,"completion_tokens":null,"prompt_tokens_details":null}""", 7, 0, 0)]
    [InlineData("""{"completion_tokens":{"prompt_tokens":5},"prompt_tokens_details":{"extra":{"cached_tokens":9}},"prompt_tokens":2}""", 2, 0, 0)]
    public void UsageReport_ReadFromUtf8_AgreesWithTheJsonTreeReading(string json, int input, int output, int cached)
    {
        var read = UsageReport.Read(Encoding.UTF8.GetBytes(json));

        Assert.Equal(new UsageReport(input, output, cached), read);
        Assert.Equal(UsageReport.From(JsonNode.Parse(json)), read);
    }

    [Theory]
    [InlineData("""{"completion_tokens":30}""")]
    [InlineData("""{"prompt_tokens":"12"}""")]
    [InlineData("""{"prompt_tokens":1.5}""")]
    [InlineData("""{"prompt_tokens":{"value":12}}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""null""")]
    public void UsageReport_WithoutAnIntegerPromptCount_IsNone(string json)
    {
        Assert.Null(UsageReport.Read(Encoding.UTF8.GetBytes(json)));
        Assert.Null(UsageReport.From(JsonNode.Parse(json)));
    }
}
