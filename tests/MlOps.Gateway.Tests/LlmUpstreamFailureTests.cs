using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MlOps.Gateway.Tests;

/// <summary>
/// Providers that fail: one whose connection drops mid-stream or right after its [DONE], and one that is not there.
/// A call that failed is not charged; an answer the caller received whole is, whatever the connection did after it.
/// </summary>
public sealed class LlmUpstreamFailureTests : IAsyncLifetime
{
    private const string Chunk = """data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"dev-chat","choices":[{"index":0,"delta":{"content":"four words of answer"},"finish_reason":null}]}""";
    private const string Finish = """data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"dev-chat","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""";
    private readonly string _adminKey = "test-admin-" + Guid.NewGuid().ToString("N");
    private WebApplication _provider = null!;
    private GatewayFactory _gateway = null!;
    private GatewayFactory _nowhere = null!;
    private HttpClient _overSockets = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _provider = builder.Build();
        _provider.MapPost("/v1/chat/completions", DroppingStreamAsync);
        await _provider.StartAsync(Cancel);
        _gateway = Gateway(_provider.Urls.First());
        // Over real sockets: what the caller receives when YARP gives up on a provider depends on the server's transport.
        _gateway.UseKestrel(0);
        _gateway.StartServer();
        _overSockets = new HttpClient { BaseAddress = new Uri(_gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
        // A port nothing listens on: the listener was started and stopped to find one.
        var closed = WebApplication.CreateSlimBuilder();
        closed.WebHost.UseUrls("http://127.0.0.1:0");
        await using var gone = closed.Build();
        await gone.StartAsync(Cancel);
        var address = gone.Urls.First();
        await gone.StopAsync(Cancel);
        _nowhere = Gateway(address);
    }

    // Streams an answer; the prompt says whether the connection drops before the answer ends or after its [DONE].
    private static async Task DroppingStreamAsync(HttpContext context)
    {
        var prompt = (await context.Request.ReadFromJsonAsync<System.Text.Json.JsonElement>(Cancel)).GetProperty("messages")[0].GetProperty("content").GetString();
        context.Response.ContentType = "text/event-stream";
        await context.Response.WriteAsync(Chunk + "\n\n", Cancel);
        if (prompt == "after done")
        {
            await context.Response.WriteAsync(Finish + "\n\ndata: [DONE]\n\n", Cancel);
        }
        await context.Response.Body.FlushAsync(Cancel);
        // Time for the gateway to read what was sent before the connection goes.
        await Task.Delay(200, Cancel);
        context.Abort();
    }

    private GatewayFactory Gateway(string provider) =>
        new(provider, _adminKey, settings: LlmGatewayFixture.Settings(provider));

    [Fact]
    public async Task ConnectionDropsAfterDone_CallerHasTheWholeAnswer_Charged()
    {
        var (id, secret) = await VirtualKeyAsync(_gateway);

        var received = await StreamAsync(secret, "after done");

        Assert.EndsWith("data: [DONE]\n\n", received, StringComparison.Ordinal);
        // Released up to a word boundary as it streamed, the rest at the finish.
        Assert.Contains("\"content\":\"four words of \"", received);
        Assert.Contains("\"content\":\"answer\"", received);
        var row = await LlmPolicyTests.UsageRowAsync(_gateway, id);
        Assert.Equal("ok", row.Outcome);
        Assert.True(row.OutputTokens > 0 && row.CostMicros > 0, $"charged {row.OutputTokens} output tokens, {row.CostMicros} micros");
    }

    [Fact]
    public async Task ConnectionDropsMidStream_NotCharged()
    {
        var (id, secret) = await VirtualKeyAsync(_gateway);

        var received = await StreamAsync(secret, "mid stream");

        Assert.Contains("\"content\":\"four words of \"", received);
        Assert.DoesNotContain("[DONE]", received);
        var row = await LlmPolicyTests.UsageRowAsync(_gateway, id);
        Assert.Equal(("upstream_error", 0, 0L), (row.Outcome, row.OutputTokens, row.CostMicros));
    }

    [Fact]
    public async Task ProviderUnreachable_502NamingIt_NotCharged()
    {
        var (id, secret) = await VirtualKeyAsync(_nowhere);
        using var client = _nowhere.CreateClient(secret);

        var response = await client.PostAsJsonAsync("/v1/chat/completions", Chat("anyone there"), Cancel);

        await LlmPolicyTests.AssertErrorAsync(response, HttpStatusCode.BadGateway, "upstream_unavailable");
        var row = await LlmPolicyTests.UsageRowAsync(_nowhere, id);
        Assert.Equal(("upstream_error", 0L), (row.Outcome, row.CostMicros));
    }

    private static object Chat(string prompt) =>
        new { model = "dev-chat", messages = new[] { new { role = "user", content = prompt } }, stream = true, max_tokens = 40 };

    private Task<(Guid Id, string Secret)> VirtualKeyAsync(GatewayFactory gateway) =>
        LlmGatewayFixture.CreateVirtualKeyAsync(gateway, _adminKey, new { tenantId = "upstream-failures", name = "app", cache = "off" });

    // Reads the stream as SDKs do, until [DONE], or what arrived until the connection broke.
    private async Task<string> StreamAsync(string secret, string prompt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(Chat(prompt)) };
        request.Headers.Authorization = new("Bearer", secret);
        using var response = await _overSockets.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = new System.Text.StringBuilder();
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Cancel));
            while (await reader.ReadLineAsync(Cancel) is { } line)
            {
                received.Append(line).Append('\n');
                if (line == "data: [DONE]")
                {
                    return received.Append('\n').ToString();
                }
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
        }
        return received.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        _overSockets.Dispose();
        await _gateway.DisposeAsync();
        await _nowhere.DisposeAsync();
        await _provider.DisposeAsync();
    }
}
