using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace MlOps.Services.FunctionalTests.Incident.Postmortems;

/// <summary>An OpenAI-compatible chat completions endpoint over real HTTP, answering every request with the given content.</summary>
public sealed class FakeChatCompletions : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<JsonElement> _requests = new();

    private FakeChatCompletions(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.First();

    /// <summary>The request bodies received, to check what the prompt held.</summary>
    public IReadOnlyCollection<JsonElement> Requests => _requests.ToArray();

    public static async Task<FakeChatCompletions> StartAsync(string content)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeChatCompletions(app);
        app.MapPost("/v1/chat/completions", async (HttpRequest request) =>
        {
            fake._requests.Enqueue(await JsonSerializer.DeserializeAsync<JsonElement>(request.Body));
            return Results.Json(new JsonObject
            {
                ["id"] = "chatcmpl-fake", ["object"] = "chat.completion", ["model"] = "gpt-4o-mini",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0, ["finish_reason"] = "stop", ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                }),
            });
        });
        await app.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
