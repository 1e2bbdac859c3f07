using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenTelemetry.Proto.Trace.V1;
using static MlOps.AgentOpsTracer.Tests.AgentSpans;
using static MlOps.AgentOpsTracer.Tests.Otlp;

namespace MlOps.AgentOpsTracer.Tests;

/// <summary>Message contents under each tenant content mode: redacted by the guardrail library's recognizers, kept, or dropped.</summary>
public sealed class ContentPolicyTests(TracerFixture fixture) : IClassFixture<TracerFixture>
{
    private const string Email = "jane.doe@example.com";
    // A Visa test number: passes the Luhn check the recognizer applies.
    private const string Card = "4111 1111 1111 1111";
    // AWS's documented example access key id.
    private const string AwsKey = "AKIAIOSFODNN7EXAMPLE";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A chat span whose prompt, completion and user-message event carry PII, plus a metadata attribute with an address.</summary>
    private static Span ChatWithPii(byte trace)
    {
        var span = Generation(Id(16, trace), SpanId(1), "pii-1", "gpt-4o", 1200, 300, cached: 400);
        span.Attributes.Add(Attribute("gen_ai.input.messages", $"My email is {Email} and my card is {Card}."));
        span.Attributes.Add(Attribute("gen_ai.output.messages", $"I will write to {Email}."));
        span.Attributes.Add(Attribute("app.owner", "ops@example.com"));
        var message = new Span.Types.Event { Name = "gen_ai.user.message", TimeUnixNano = Start + 1 };
        message.Attributes.Add(Attribute("content", $"{Email} again"));
        span.Events.Add(message);
        return span;
    }

    private static Span ToolWithKey(byte trace) =>
        Tool(Id(16, trace), SpanId(2), "pii-1", "deploy", $$"""{"access_key":"{{AwsKey}}"}""");

    [Fact]
    public async Task Redact_TenantWithoutPolicy_PiiAndSecretsBecomeTypedPlaceholdersOnePerValueAcrossTheSpan()
    {
        await fixture.ExportAsync("content-a", ChatWithPii(0x11), ToolWithKey(0x11));

        var spans = await fixture.SpansAsync("content-a");
        var chat = Json(spans.Single(s => s.Name == "chat gpt-4o").Attributes);
        Assert.Equal("My email is <EMAIL_ADDRESS_1> and my card is <CREDIT_CARD_1>.", chat.GetProperty("gen_ai.input.messages").GetString());
        Assert.Equal("I will write to <EMAIL_ADDRESS_1>.", chat.GetProperty("gen_ai.output.messages").GetString());
        // Instrumentation metadata is not message content: kept as sent.
        Assert.Equal("ops@example.com", chat.GetProperty("app.owner").GetString());
        // Event, prompt (two) and completion.
        Assert.Equal(4, chat.GetProperty("mlops.content.redactions").GetInt32());
        var events = Json(spans.Single(s => s.Name == "chat gpt-4o").Events!);
        Assert.Equal("<EMAIL_ADDRESS_1> again", events[0].GetProperty("attributes").GetProperty("content").GetString());
        var tool = Json(spans.Single(s => s.Name == "execute_tool deploy").Attributes);
        Assert.Equal("""{"access_key":"<AWS_ACCESS_KEY_ID_1>"}""", tool.GetProperty("gen_ai.tool.call.arguments").GetString());
    }

    [Fact]
    public async Task Keep_PolicySet_ContentsStoredAsSent()
    {
        await PutModeAsync("content-b", "keep");

        await fixture.ExportAsync("content-b", ChatWithPii(0x12));

        var chat = Json(Assert.Single(await fixture.SpansAsync("content-b")).Attributes);
        Assert.Equal($"My email is {Email} and my card is {Card}.", chat.GetProperty("gen_ai.input.messages").GetString());
        Assert.False(chat.TryGetProperty("mlops.content.redactions", out _));
    }

    [Fact]
    public async Task Drop_PolicySet_NoContentStoredButTokensCostAndTheEventRemain()
    {
        await PutModeAsync("content-c", "drop");

        await fixture.ExportAsync("content-c", ChatWithPii(0x13));

        var stored = Assert.Single(await fixture.SpansAsync("content-c"));
        var chat = Json(stored.Attributes);
        Assert.False(chat.TryGetProperty("gen_ai.input.messages", out _));
        Assert.False(chat.TryGetProperty("gen_ai.output.messages", out _));
        Assert.Equal("ops@example.com", chat.GetProperty("app.owner").GetString());
        // Two attributes and the event's one.
        Assert.Equal(3, chat.GetProperty("mlops.content.dropped").GetInt32());
        var message = Assert.Single(Json(stored.Events!).EnumerateArray());
        Assert.Equal("gen_ai.user.message", message.GetProperty("name").GetString());
        Assert.Empty(message.GetProperty("attributes").EnumerateObject());
        Assert.Equal(1200, stored.InputTokens);
        var session = await fixture.Client("content-c", "traces:read").GetFromJsonAsync<JsonElement>("/sessions/pii-1", Cancel);
        Assert.Equal(0.0055m, session.GetProperty("totalCost").GetDecimal());
    }

    [Fact]
    public async Task Drop_SameToolCallSixTimes_ToolLoopStillFoundFromTheArgumentsHashedBeforeDropping()
    {
        await PutModeAsync("content-d", "drop");
        var trace = Id(16, 0x14);

        await fixture.ExportAsync("content-d", [.. Enumerable.Range(0, 6).Select(i =>
            Tool(trace, SpanId(i), "drop-loop", "search", """{"q":"same"}""", Start + (ulong)i * 1_000_000_000))]);
        await fixture.ExportAsync("content-d", [.. Enumerable.Range(0, 6).Select(i =>
            Tool(trace, SpanId(10 + i), "drop-other", "search", $$"""{"q":"page {{i}}"}""", Start + (ulong)i * 1_000_000_000))]);
        await fixture.WaitUntilEvaluatedAsync("content-d", "drop-loop");
        await fixture.WaitUntilEvaluatedAsync("content-d", "drop-other");

        var anomaly = Assert.Single(await fixture.AnomaliesAsync("content-d"));
        Assert.Equal("drop-loop", anomaly.GetProperty("sessionId").GetString());
        Assert.Equal("tool_loop", anomaly.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task PutPolicy_ExporterKeyWithTracesWrite_ForbiddenAndStillRedact()
    {
        var put = await fixture.Client("content-e", "traces:write").PutAsJsonAsync("/content-policy", new { mode = "keep" }, Cancel);
        var policy = await fixture.Client("content-e", "traces:read").GetFromJsonAsync<JsonElement>("/content-policy", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal("redact", policy.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task PutPolicy_UnknownMode_BadRequestNamingTheField()
    {
        var put = await fixture.Client("content-f", "traces:policy").PutAsJsonAsync("/content-policy", new { mode = "shred" }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var problem = await put.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(problem.GetProperty("errors").TryGetProperty("mode", out _), problem.ToString());
    }

    private async Task PutModeAsync(string tenant, string mode)
    {
        var put = await fixture.Client(tenant, "traces:policy").PutAsJsonAsync("/content-policy", new { mode }, Cancel);
        put.EnsureSuccessStatusCode();
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
