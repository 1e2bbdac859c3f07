using System.Text;
using System.Text.Json;

namespace MlOps.OpenAi.Tests;

/// <summary>The chat request rules both the gateway and guardrail-gateway judge by: OpenAI's documented ranges and kinds, named by param.</summary>
public sealed class ChatCompletionRequestTests
{
    public static TheoryData<string, string?> BadRequests => new()
    {
        { """{"messages":[{"role":"user","content":"hi"}]}""", "model" },
        { """{"model":" ","messages":[{"role":"user","content":"hi"}]}""", "model" },
        { """{"model":"m","messages":"hi"}""", "messages" },
        { """{"model":"m","messages":[]}""", "messages" },
        { """{"model":"m","messages":[{"content":"hi"}]}""", "messages[0].role" },
        { """{"model":"m","messages":[{"role":"user","content":7}]}""", "messages[0].content" },
        // A part's type that is not a string threw (a 500) before.
        { """{"model":"m","messages":[{"role":"user","content":[{"type":1,"text":"hi"}]}]}""", "messages[0].content" },
        { """{"model":"m","temperature":2.5,"messages":[{"role":"user","content":"hi"}]}""", "temperature" },
        { """{"model":"m","temperature":"hot","messages":[{"role":"user","content":"hi"}]}""", "temperature" },
        { """{"model":"m","top_p":1.5,"messages":[{"role":"user","content":"hi"}]}""", "top_p" },
        { """{"model":"m","max_tokens":0,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens" },
        { """{"model":"m","max_tokens":1.5,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens" },
        { """{"model":"m","max_completion_tokens":2000000,"messages":[{"role":"user","content":"hi"}]}""", "max_completion_tokens" },
        { """{"model":"m","n":0,"messages":[{"role":"user","content":"hi"}]}""", "n" },
        { """{"model":"m","n":129,"messages":[{"role":"user","content":"hi"}]}""", "n" },
        { """{"model":"m","stream":"yes","messages":[{"role":"user","content":"hi"}]}""", "stream" },
        { """{"model":"m","stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}""", "stream_options" },
        { """{"model":"m","stream":true,"stream_options":[],"messages":[{"role":"user","content":"hi"}]}""", "stream_options" },
        { """{"model":"m","stream":true,"stream_options":{"include_usage":"yes"},"messages":[{"role":"user","content":"hi"}]}""", "stream_options.include_usage" },
        { """{"model":"m","stop":["a","b","c","d","e"],"messages":[{"role":"user","content":"hi"}]}""", "stop" },
        { """{"model":"m","stop":"","messages":[{"role":"user","content":"hi"}]}""", "stop" },
        { """{"model":"m","stop":[7],"messages":[{"role":"user","content":"hi"}]}""", "stop" },
        { """{"model":"m","seed":1.5,"messages":[{"role":"user","content":"hi"}]}""", "seed" },
        { """{"model":"m","presence_penalty":-2.5,"messages":[{"role":"user","content":"hi"}]}""", "presence_penalty" },
        { """{"model":"m","frequency_penalty":"high","messages":[{"role":"user","content":"hi"}]}""", "frequency_penalty" },
        { """{"model":"m","top_logprobs":21,"messages":[{"role":"user","content":"hi"}]}""", "top_logprobs" },
        { """{"model":"m","user":5,"messages":[{"role":"user","content":"hi"}]}""", "user" },
        { """{"model":"m","tool_choice":"auto","messages":[{"role":"user","content":"hi"}]}""", "tool_choice" },
        { """{"model":"m","response_format":{"type":"xml"},"messages":[{"role":"user","content":"hi"}]}""", "response_format.type" },
        { """{"model":"m","response_format":{"type":"json_schema","json_schema":{"name":"has space"}},"messages":[{"role":"user","content":"hi"}]}""",
            "response_format.json_schema.name" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void Read_BadRequest_400NamingTheParam(string json, string? param)
    {
        var (request, error) = ChatCompletionRequest.Read(JsonElement.Parse(json));

        Assert.Null(request);
        Assert.Equal((400, "invalid_request_error", param), (error!.Status, error.Type, error.Param));
        Assert.Contains(param!.Split('[', '.')[0], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ToolConversation_MessagesAsSent()
    {
        var (request, error) = ChatCompletionRequest.Read(JsonElement.Parse("""
            {"model":"m","tools":[{"type":"function","function":{"name":"get_weather"}}],"tool_choice":"auto","parallel_tool_calls":false,
             "messages":[{"role":"user","content":"weather?"},
             {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"c1","content":"sunny"}]}
            """));

        Assert.Null(error);
        Assert.Equal([("user", "weather?", 0, null), ("assistant", null, 1, null), ("tool", "sunny", 0, "c1")],
            request!.Messages.Select(m => (m.Role, m.Content, m.ToolCalls.Count, m.ToolCallId)));
        Assert.Equal(new ToolCall("c1", "get_weather", "{}"), request.Messages[1].ToolCalls[0]);
        Assert.Equal(("get_weather", "auto", false), (request.Tools!.Tools[0]!["function"]!["name"]!.GetValue<string>(), request.Tools.ToolChoice!.GetValue<string>(),
            request.Tools.ParallelToolCalls));
    }

    [Fact]
    public void Read_EveryOption_ValuesAsSent()
    {
        var (request, error) = ChatCompletionRequest.Read(JsonElement.Parse("""
            {"model":"gpt-4o-mini","temperature":0,"top_p":0.5,"max_tokens":10,"max_completion_tokens":20,"n":3,"seed":42,
             "presence_penalty":-2,"frequency_penalty":2,"stop":"END","user":"u-1","stream":true,"stream_options":{"include_usage":true},
             "response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object"},"strict":true}},
             "messages":[{"role":"system","content":"be brief"},{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]}
            """));

        Assert.Null(error);
        Assert.Equal(("gpt-4o-mini", 0.0, 0.5, 20, 3, 42L), (request!.Model, request.Temperature, request.TopP, request.TokenCeiling, request.Choices, request.Seed));
        Assert.Equal((-2.0, 2.0, "u-1", true, true), (request.PresencePenalty, request.FrequencyPenalty, request.User, request.Stream, request.IncludeUsage));
        Assert.Equal(["END"], request.Stop);
        Assert.Equal(("json_schema", "answer", true), (request.ResponseFormat!.Type, request.ResponseFormat.SchemaName, request.ResponseFormat.Strict));
        Assert.Equal(["be brief", "ab"], request.Messages.Select(m => m.Content));
    }

    [Fact]
    public void Read_NullsAreAbsent()
    {
        var (request, error) = ChatCompletionRequest.Read(JsonElement.Parse("""
            {"model":"m","temperature":null,"n":null,"stop":null,"stream":null,"stream_options":null,"messages":[{"role":"user","content":"hi"}]}
            """));

        Assert.Null(error);
        Assert.Equal((null, 1, null, false), (request!.Temperature, request.Choices, request.Stop, request.Stream));
    }

    [Fact]
    public void Parse_DuplicatedMember_400()
    {
        var (_, error) = OpenAiJson.Parse(Encoding.UTF8.GetBytes("""{"model":"a","model":"b","messages":[]}"""));

        Assert.Equal((400, "invalid_request_error"), (error!.Status, error.Type));
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"model\":")]
    public void Parse_NotAnObject_400(string json) => Assert.Equal(400, OpenAiJson.Parse(Encoding.UTF8.GetBytes(json)).Error!.Status);
}
