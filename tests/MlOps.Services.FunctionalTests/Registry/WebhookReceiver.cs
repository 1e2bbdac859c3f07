using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace MlOps.Services.FunctionalTests.Registry;

/// <summary>A real HTTP endpoint on 127.0.0.1 and [::1] that answers with the given status codes in turn (then 200) and keeps what it received.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>What a redirecting receiver puts in its answer's body and headers: never to be seen in a delivery log.</summary>
    public const string AnswerDetail = "receiver-internal-detail-7f3a";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Id, string Timestamp, string Signature, string Body)> _received = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url => _app.Urls.First(u => u.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)) + "/hook";

    public string UrlV6 => _app.Urls.First(u => u.StartsWith("http://[::1]:", StringComparison.Ordinal)) + "/hook";

    public int Port => new Uri(Url).Port;

    public IReadOnlyCollection<(string Id, string Timestamp, string Signature, string Body)> Received => _received.ToArray();

    public static Task<WebhookReceiver> StartAsync(params int[] statuses)
    {
        var answers = new ConcurrentQueue<int>(statuses);
        return StartAsync(() => Results.StatusCode(answers.TryDequeue(out var status) ? status : 200));
    }

    /// <summary>A receiver answering every delivery with 302 to <paramref name="location"/>, with details in its body and headers.</summary>
    public static Task<WebhookReceiver> StartRedirectingAsync(string location) =>
        StartAsync(() => new RedirectWithDetail(location));

    private static async Task<WebhookReceiver> StartAsync(Func<IResult> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0", "http://[::1]:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            receiver._received.Enqueue((request.Headers["webhook-id"].ToString(), request.Headers["webhook-timestamp"].ToString(),
                request.Headers["webhook-signature"].ToString(), await reader.ReadToEndAsync()));
            return answer();
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private sealed class RedirectWithDetail(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status302Found;
            httpContext.Response.Headers.Location = location;
            httpContext.Response.Headers["X-Receiver-Detail"] = AnswerDetail;
            return httpContext.Response.WriteAsync(AnswerDetail, httpContext.RequestAborted);
        }
    }
}
