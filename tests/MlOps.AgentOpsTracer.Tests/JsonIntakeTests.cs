using System.Net;
using System.Text;

namespace MlOps.AgentOpsTracer.Tests;

public sealed class JsonIntakeTests(TracerFixture fixture) : IClassFixture<TracerFixture>
{
    // OTLP/JSON as the JS exporter writes it: hex ids, integer enums, 64-bit integers as strings.
    private const string Body = """
        {"resourceSpans": [{
          "resource": {"attributes": [
            {"key": "service.name", "value": {"stringValue": "py-agent"}},
            {"key": "session.id", "value": {"stringValue": "resource-session"}}]},
          "scopeSpans": [{"scope": {"name": "sdk"}, "spans": [
            {"traceId": "5B8EFFF798038103D269B633813FC60C", "spanId": "EEE19B7EC3C1B174", "parentSpanId": "",
             "name": "anthropic.completion", "kind": 3,
             "startTimeUnixNano": "1700000000123456000", "endTimeUnixNano": 1700000000623456000,
             "attributes": [
               {"key": "gen_ai.system", "value": {"stringValue": "anthropic"}},
               {"key": "gen_ai.operation.name", "value": {"stringValue": "text_completion"}},
               {"key": "gen_ai.usage.prompt_tokens", "value": {"intValue": "12"}},
               {"key": "gen_ai.usage.completion_tokens", "value": {"intValue": 5}},
               {"key": "enduser.id", "value": {"stringValue": "end-user-1"}},
               {"key": "temperature", "value": {"doubleValue": 0.5}},
               {"key": "stream", "value": {"boolValue": false}},
               {"key": "stop", "value": {"arrayValue": {"values": [{"stringValue": "\n"}]}}},
               {"key": "meta", "value": {"kvlistValue": {"values": [{"key": "k", "value": {"intValue": "1"}}]}}}],
             "events": [{"timeUnixNano": "1700000000200000000", "name": "gen_ai.content.prompt",
                         "attributes": [{"key": "gen_ai.prompt", "value": {"stringValue": "hi"}}]}],
             "status": {"code": 1}},
            {"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b175", "parentSpanId": "eee19b7ec3c1b174",
             "name": "search_docs", "kind": 1,
             "startTimeUnixNano": "1700000001123456000", "endTimeUnixNano": "1700000001123456000",
             "attributes": [
               {"key": "openinference.span.kind", "value": {"stringValue": "TOOL"}},
               {"key": "tool.name", "value": {"stringValue": "search_docs"}},
               {"key": "llm.token_count.prompt", "value": {"intValue": "7"}},
               {"key": "langfuse.session.id", "value": {"stringValue": "lf-session"}},
               {"key": "unknownValueKind", "value": {}}]},
            {"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b176",
             "name": "fetch", "kind": 1,
             "startTimeUnixNano": "1700000002123456000", "endTimeUnixNano": "1700000002123456000",
             "attributes": [{"key": "langfuse.observation.type", "value": {"stringValue": "retriever"}}],
             "futureField": {"ignored": true}}]}]}]}
        """;

    [Fact]
    public async Task Export_OtlpJson_OlderOpenInferenceAndLangfuseNamesMapped()
    {
        var client = fixture.Client("json-tenant");

        var response = await client.PostAsync("/v1/traces", TracerFixture.Body(Encoding.UTF8.GetBytes(Body), "application/json"),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{ }", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var rows = await fixture.SpansAsync("json-tenant");
        Assert.Equal(3, rows.Count);

        var completion = rows[0];
        Assert.Equal("5b8efff798038103d269b633813fc60c", completion.TraceId);
        Assert.Equal("eee19b7ec3c1b174", completion.SpanId);
        Assert.Null(completion.ParentSpanId);
        Assert.Equal("py-agent", completion.ServiceName);
        Assert.Equal(Otlp.StartTime, completion.StartTime);
        Assert.Equal(500_000_000, completion.DurationNs);
        Assert.Equal(1, completion.StatusCode);
        Assert.Equal("generation", completion.ObservationType);
        Assert.Equal("anthropic", completion.Provider);
        Assert.Equal(12, completion.InputTokens);
        Assert.Equal(5, completion.OutputTokens);
        Assert.Equal("resource-session", completion.SessionId);
        Assert.Equal("end-user-1", completion.UserId);
        // jsonb orders keys by length, then bytes.
        Assert.Equal(
            "{\"meta\": {\"k\": 1}, \"stop\": [\"\\n\"], \"stream\": false, \"enduser.id\": \"end-user-1\", \"temperature\": 0.5, "
            + "\"gen_ai.system\": \"anthropic\", \"gen_ai.operation.name\": \"text_completion\", \"gen_ai.usage.prompt_tokens\": 12, "
            + "\"gen_ai.usage.completion_tokens\": 5}",
            completion.Attributes);
        Assert.Equal(
            """[{"name": "gen_ai.content.prompt", "attributes": {"gen_ai.prompt": "hi"}, "timeUnixNano": "1700000000200000000"}]""",
            completion.Events);

        var tool = rows[1];
        Assert.Equal("eee19b7ec3c1b174", tool.ParentSpanId);
        Assert.Equal("tool", tool.ObservationType);
        Assert.Equal("search_docs", tool.ToolName);
        Assert.Equal(7, tool.InputTokens);
        Assert.Null(tool.OutputTokens);
        Assert.Equal("lf-session", tool.SessionId);
        Assert.Equal(0, tool.DurationNs);

        Assert.Equal("retrieval", rows[2].ObservationType);
        Assert.Equal("resource-session", rows[2].SessionId);
    }
}
