using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace MlOps.TestSupport;

/// <summary>
/// A real HTTP endpoint on 127.0.0.1 and [::1] that answers POSTs to any path with the given status codes in turn (then 200, or the
/// given status) and keeps what it received: the Standard Webhooks headers and, for other fakes (PagerDuty, Slack), every request.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>What a redirecting receiver puts in its answer's body and headers: never to be seen in a delivery log.</summary>
    public const string AnswerDetail = "receiver-internal-detail-7f3a";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Id, string Timestamp, string Signature, string Body)> _received = new();
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url => _app.Urls.First(u => u.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)) + "/hook";

    public string UrlV6 => _app.Urls.First(u => u.StartsWith("http://[::1]:", StringComparison.Ordinal)) + "/hook";

    public int Port => new Uri(Url).Port;

    /// <summary>The receiver's origin (http://127.0.0.1:port), for a fake service whose paths are its own.</summary>
    public string BaseUrl => new Uri(Url).GetLeftPart(UriPartial.Authority);

    public IReadOnlyCollection<ReceivedRequest> Requests => _requests.ToArray();

    public IReadOnlyCollection<(string Id, string Timestamp, string Signature, string Body)> Received => _received.ToArray();

    public static Task<WebhookReceiver> StartAsync(params int[] statuses)
    {
        var answers = new ConcurrentQueue<int>(statuses);
        return StartAsync(() => Results.StatusCode(answers.TryDequeue(out var status) ? status : 200));
    }

    /// <summary>A receiver answering every request with <paramref name="status"/> (PagerDuty's events API answers 202).</summary>
    public static Task<WebhookReceiver> StartAnsweringAsync(int status) => StartAsync(() => Results.StatusCode(status));

    /// <summary>A receiver answering every delivery with 302 to <paramref name="location"/>, with details in its body and headers.</summary>
    public static Task<WebhookReceiver> StartRedirectingAsync(string location) =>
        StartAsync(() => new RedirectWithDetail(location));

    private static async Task<WebhookReceiver> StartAsync(Func<IResult> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0", "http://[::1]:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            receiver._received.Enqueue((request.Headers["webhook-id"].ToString(), request.Headers["webhook-timestamp"].ToString(),
                request.Headers["webhook-signature"].ToString(), body));
            receiver._requests.Enqueue(new ReceivedRequest(request.Path, request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(),
                StringComparer.OrdinalIgnoreCase), body));
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

/// <summary>One request a <see cref="WebhookReceiver"/> received.</summary>
public sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, string Body);
