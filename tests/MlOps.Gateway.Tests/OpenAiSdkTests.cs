using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;

namespace MlOps.Gateway.Tests;

/// <summary>The official OpenAI SDKs, unchanged, against a gateway replica on a real port: .NET in-process, npm in a Node process.</summary>
public sealed class OpenAiSdkTests(LlmGatewayFixture fixture) : IClassFixture<LlmGatewayFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ChatClient Client(string model, string key) => new(model, new ApiKeyCredential(key), new OpenAIClientOptions
    {
        Endpoint = new Uri(fixture.ReplicaAddress, "/v1"),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    });

    [Fact]
    public async Task DotNetSdk_CompletionStreamAndErrors()
    {
        var (_, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "sdk-dotnet", name = "app", models = new[] { "dev-chat" }, budget = new { tokens = 150, window = "day" }, cache = "off" });
        var chat = Client("dev-chat", secret);
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 30 };

        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage("Hello from dotnet")], options, Cancel);
        var streamed = new StringBuilder();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Stream from dotnet")], options, Cancel))
        {
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
            }
        }

        Assert.Contains("You said: Hello from dotnet", completion.Content[0].Text);
        Assert.True(completion.Usage.InputTokenCount > 0);
        Assert.Contains("You said: Stream from dotnet", streamed.ToString());
        Assert.Equal(401, (await Assert.ThrowsAsync<ClientResultException>(() => Client("dev-chat", "mlk_not_a_key").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Cancel))).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<ClientResultException>(() => Client("gpt-4o", secret).CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Cancel))).Status);
        var overBudget = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 1000 }, Cancel));
        Assert.Equal(429, overBudget.Status);
        Assert.Contains("budget", overBudget.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task NpmSdk_CompletionStreamAndErrors()
    {
        var (_, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "sdk-node", name = "app", models = new[] { "dev-chat" } });
        // The script and its node_modules stay in the source folder (bin/Debug/net10.0 is three levels below the project).
        var script = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../sdk-node"));
        Assert.True(Directory.Exists(Path.Combine(script, "node_modules", "openai")), "run 'npm ci' in tests/MlOps.Gateway.Tests/sdk-node (scripts/test.sh does)");
        var start = new ProcessStartInfo("node", "sdk-check.mjs") { WorkingDirectory = script, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["GATEWAY_BASE_URL"] = new Uri(fixture.ReplicaAddress, "/v1").ToString();
        start.Environment["VIRTUAL_KEY"] = secret;

        using var node = Process.Start(start)!;
        var output = await node.StandardOutput.ReadToEndAsync(Cancel);
        var errors = await node.StandardError.ReadToEndAsync(Cancel);
        await node.WaitForExitAsync(Cancel);

        Assert.True(node.ExitCode == 0, errors);
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Contains("You said: Hello from node", result.GetProperty("completion").GetString());
        Assert.True(result.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() > 0);
        Assert.Contains("You said: Stream from node", result.GetProperty("streamed").GetString());
        Assert.True(result.GetProperty("chunks").GetInt32() > 1);
        Assert.Equal(("AuthenticationError", 401), ErrorOf(result, "badKey"));
        Assert.Equal(("PermissionDeniedError", 403), ErrorOf(result, "modelNotAllowed"));
        Assert.Equal(("BadRequestError", 400), ErrorOf(result, "badRequest"));
    }

    private static (string, int) ErrorOf(JsonElement result, string name) =>
        (result.GetProperty(name).GetProperty("class").GetString()!, result.GetProperty(name).GetProperty("status").GetInt32());
}
