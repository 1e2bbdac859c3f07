using System.Text;
using System.Text.Json;

namespace MlOps.OpenAi.Tests;

public sealed class OpenAiErrorTests
{
    [Fact]
    public void ToUtf8_OpenAiShape_NullCodeAndParamWritten()
    {
        var body = JsonDocument.Parse(new OpenAiError(429, "Slow down <EMAIL_ADDRESS_1>", "rate_limit_error").ToUtf8()).RootElement;

        var error = body.GetProperty("error");
        Assert.Equal(["message", "type", "code", "param"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("Slow down <EMAIL_ADDRESS_1>", "rate_limit_error"), (error.GetProperty("message").GetString(), error.GetProperty("type").GetString()));
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (error.GetProperty("code").ValueKind, error.GetProperty("param").ValueKind));
    }

    [Fact]
    public void TryRead_AnOpenAiErrorBody_ItsFields()
    {
        // As OpenAI's API reference shows an error.
        var body = """{"error":{"message":"Invalid 'temperature'","type":"invalid_request_error","param":"temperature","code":"invalid_value"}}""";

        var error = OpenAiError.TryRead(Encoding.UTF8.GetBytes(body), 400);

        Assert.Equal(new OpenAiError(400, "Invalid 'temperature'", "invalid_request_error", "invalid_value", "temperature"), error);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"detail":"a ProblemDetails"}""")]
    [InlineData("""{"error":"a string"}""")]
    public void TryRead_NotAnOpenAiError_Null(string body) => Assert.Null(OpenAiError.TryRead(Encoding.UTF8.GetBytes(body), 400));
}
