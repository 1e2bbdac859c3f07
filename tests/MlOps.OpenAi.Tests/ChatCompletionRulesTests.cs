using System.Text.Json;

namespace MlOps.OpenAi.Tests;

/// <summary>
/// The one-pass check the edge applies to the body it forwards: the same 400s as the typed read, escaped member names read
/// as their names, nothing allocated for a valid body, and the DTO's own Validate asking the same ranges.
/// </summary>
public sealed class ChatCompletionRulesTests
{
    public static TheoryData<string, string?> BadMessages => new()
    {
        { """{"model":"m","messages":[{"role":"user","content":[{"type":1,"text":"hi"}]}]}""", "messages[0].content" },
        { """{"model":"m","messages":[{"role":"user","content":"hi"},{"role":"tool","tool_call_id":"c1","content":"42"}]}""", "messages[1].tool_call_id" },
        { """{"model":"m","messages":[{"role":"assistant","tool_calls":[]}]}""", "messages[0].tool_calls" },
        { """{"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c1","function":{"name":"has space","arguments":"{}"}}]}]}""",
            "messages[0].tool_calls[0].function.name" },
        { """{"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}},{"id":""}]}]}""",
            "messages[0].tool_calls[1].id" },
        { """{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":{"type":"function","function":{"name":"g"}}}""",
            "tool_choice" },
        { """{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[],"parallel_tool_calls":true}""", "tools" },
        // Escaped names are the names they spell.
        { """{"model":"m","temperatur\u0065":5,"messages":[{"role":"user","content":"hi"}]}""", "temperature" },
        { """{"model":"\u0020","messages":[{"role":"user","content":"hi"}]}""", "model" },
        { """{"model":"\u00a0","messages":[{"role":"user","content":"hi"}]}""", "model" },
    };

    [Theory]
    [MemberData(nameof(ChatCompletionRequestTests.BadRequests), MemberType = typeof(ChatCompletionRequestTests))]
    [MemberData(nameof(BadMessages))]
    public void Check_BadRequest_400NamingTheParam(string json, string? param)
    {
        var error = ChatCompletionRules.Check(JsonElement.Parse(json));

        Assert.Equal((400, "invalid_request_error", param), (error!.Status, error.Type, error.Param));
    }

    [Theory]
    [MemberData(nameof(BadMessages))]
    public void Read_BadMessage_400NamingTheField(string json, string? param) =>
        Assert.Equal(param, ChatCompletionRequest.Read(JsonElement.Parse(json)).Error!.Param);

    [Theory]
    [InlineData("""{"mod\u0065l":"m","messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("""{"model":"modèle","stop":["a","b","c","d"],"n":128,"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("""
        {"model":"m","n":2,"messages":[{"role":"user","content":"weather?"},
         {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
         {"role":"tool","tool_call_id":"c1","content":"sunny"}]}
        """)]
    public void Check_ValidBody_Null(string json) => Assert.Null(ChatCompletionRules.Check(JsonElement.Parse(json)));

    [Fact]
    public void Check_ValidBody_AllocatesNothing()
    {
        var body = JsonElement.Parse("""
            {"model":"dev-chat","temperature":0,"max_tokens":64,"stream":true,"stream_options":{"include_usage":false},"stop":["END"],
             "messages":[{"role":"system","content":"be brief"},{"role":"user","content":[{"type":"text","text":"hi"}]}]}
            """);
        Assert.Null(ChatCompletionRules.Check(body));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = ChatCompletionRules.Check(body);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((null, 0L), (error, allocated));
    }

    public static TheoryData<ChatCompletionRequest, string> BadTypedRequests => new()
    {
        { Typed() with { Temperature = 2.5 }, "temperature" },
        { Typed() with { TopP = -0.1 }, "top_p" },
        { Typed() with { MaxTokens = 0 }, "max_tokens" },
        { Typed() with { MaxCompletionTokens = 1_000_001 }, "max_completion_tokens" },
        { Typed() with { N = 129 }, "n" },
        { Typed() with { PresencePenalty = 3 }, "presence_penalty" },
        { Typed() with { FrequencyPenalty = -3 }, "frequency_penalty" },
        { Typed() with { TopLogprobs = 21 }, "top_logprobs" },
        { Typed() with { HasStreamOptions = true }, "stream_options" },
        { Typed() with { Stop = ["a", "b", "c", "d", "e"] }, "stop" },
        { Typed() with { Stop = [""] }, "stop" },
    };

    // A request built in code (not read from JSON) is judged by the same rules through its IValidatableObject.
    [Theory]
    [MemberData(nameof(BadTypedRequests))]
    public void Validate_TypedRequest_SameParamAsTheJsonRule(ChatCompletionRequest request, string param) =>
        Assert.Equal(param, OpenAiValidation.Validate(request)!.Param);

    [Fact]
    public void Validate_ValidTypedRequest_Null() => Assert.Null(OpenAiValidation.Validate(Typed() with { Temperature = 2, N = 128, Stop = ["a"] }));

    private static ChatCompletionRequest Typed() => new() { Model = "m", Messages = [new ChatMessage("user", "hi", [], null)] };
}
