using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace MlOps.Gateway.Tests;

/// <summary>
/// An OpenAI-shaped provider over real HTTP that holds its answers, so tests can act while requests are in flight: a
/// stream sends <see cref="StreamedWords"/> and half of another event, then waits until the gateway lets go of it; a
/// request whose prompt is "hold" waits for <see cref="Release"/>; anything else is answered at once.
/// </summary>
public sealed class HoldingProvider : IAsyncDisposable
{
    public static readonly string[] StreamedWords = ["The", " answer", " begins", " here"];
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _streaming;
    private int _held;
    private int _abandoned;

    private HoldingProvider(WebApplication app) => _app = app;

    public string Address => _app.Urls.First();

    /// <summary>Streams sent their words and now waiting.</summary>
    public int Streaming => Volatile.Read(ref _streaming);

    /// <summary>"hold" requests waiting for <see cref="Release"/>.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Streams the gateway let go of (their caller left).</summary>
    public int Abandoned => Volatile.Read(ref _abandoned);

    public static async Task<HoldingProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var provider = new HoldingProvider(app);
        app.MapPost("/v1/chat/completions", provider.AnswerAsync);
        await app.StartAsync();
        return provider;
    }

    public void Release() => _released.TrySetResult();

    private async Task AnswerAsync(HttpContext context)
    {
        var request = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var prompt = request.RootElement.GetProperty("messages")[0].GetProperty("content").GetString();
        var model = request.RootElement.GetProperty("model").GetString();
        if (request.RootElement.TryGetProperty("stream", out var stream) && stream.GetBoolean())
        {
            await StreamUntilLetGoAsync(context, model!);
            return;
        }
        if (prompt == "hold")
        {
            Interlocked.Increment(ref _held);
            await _released.Task.WaitAsync(context.RequestAborted);
        }
        await context.Response.WriteAsJsonAsync(new
        {
            id = "chatcmpl-held", @object = "chat.completion", created = 1, model,
            choices = new[] { new { index = 0, message = new { role = "assistant", content = "held answer" }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 5, completion_tokens = 2, total_tokens = 7 },
        });
    }

    private async Task StreamUntilLetGoAsync(HttpContext context, string model)
    {
        context.Response.ContentType = "text/event-stream";
        foreach (var word in StreamedWords)
        {
            await context.Response.WriteAsync($"data: {Chunk(model, word)}\n\n");
        }
        // Half an event: providers' chunks do not end where events do.
        var next = $"data: {Chunk(model, " and")}\n\n";
        await context.Response.WriteAsync(next[..(next.Length / 2)]);
        await context.Response.Body.FlushAsync();
        Interlocked.Increment(ref _streaming);
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _abandoned);
        }
    }

    private static string Chunk(string model, string word) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-held", @object = "chat.completion.chunk", created = 1, model,
        choices = new[] { new { index = 0, delta = new { content = word }, finish_reason = (string?)null } },
    });

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.DisposeAsync();
    }
}
