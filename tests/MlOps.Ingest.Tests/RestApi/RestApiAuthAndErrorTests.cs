using Microsoft.AspNetCore.Http;
using MlOps.Ingest.Sources;

namespace MlOps.Ingest.Tests.RestApi;

public sealed class RestApiAuthAndErrorTests
{
    private const string Ok = "[{\"id\":1}]";

    private static Task<FakeRestApi> Guarded(Func<HttpContext, bool> admitted) =>
        FakeRestApi.StartAsync(c => admitted(c) ? FakeRestApi.Json(c, Ok) : FakeRestApi.Json(c, "{}", 401));

    [Theory]
    [InlineData("""{"type": "bearer", "token": "s3cret"}""", "Authorization", "Bearer s3cret")]
    [InlineData("""{"token": "s3cret"}""", "Authorization", "Bearer s3cret")]
    [InlineData("""{"type": "api_key", "name": "X-Api-Key", "api_key": "k1"}""", "X-Api-Key", "k1")]
    // YW5uOnB3 = base64("ann:pw"), from coreutils base64.
    [InlineData("""{"type": "http_basic", "username": "ann", "password": "pw"}""", "Authorization", "Basic YW5uOnB3")]
    public async Task Auth_HeaderKinds_ServerAdmits(string auth, string header, string expected)
    {
        await using var api = await Guarded(c => c.Request.Headers[header] == expected);
        await using var harness = await RestApiHarness.StartAsync(api);

        var batches = await harness.RunAsync($$"""{"client": {"base_url": "BASE", "auth": {{auth}}}, "resources": ["r"]}""");

        Assert.Single(RestApiHarness.Docs(batches, "r"));
        Assert.Equal(expected, api.Requests.Single().Headers[header]);
    }

    [Fact]
    public async Task Auth_ApiKeyInQuery_SentOnEveryPageButNotInPositions()
    {
        await using var api = await FakeRestApi.StartAsync(c =>
        {
            if (c.Request.Query["key"] != "k&1")
            {
                return FakeRestApi.Json(c, "{}", 401);
            }
            var next = c.Request.Query["page"] == "2" ? "null" : "\"/r?page=2\"";
            return FakeRestApi.Json(c, $"{{\"data\":[{{\"id\":1}}],\"next\":{next}}}");
        });
        await using var harness = await RestApiHarness.StartAsync(api);

        var batches = await harness.RunAsync("""
            {"client": {"base_url": "BASE", "auth": {"type": "api_key", "name": "key", "api_key": "k&1", "location": "query"}},
             "resources": ["r"]}
            """);

        Assert.Equal(["/r?key=k%261", "/r?page=2&key=k%261"], api.Urls);
        Assert.Equal("page 2, item 1 of /r", batches[1].PositionOf(0));
    }

    [Fact]
    public async Task ReadAsync_WrongToken_FailsWithStatusAndPage()
    {
        await using var api = await Guarded(c => c.Request.Headers.Authorization == "Bearer right");
        await using var harness = await RestApiHarness.StartAsync(api);

        var e = await Assert.ThrowsAsync<SourceException>(() =>
            harness.RunAsync("""{"client": {"base_url": "BASE", "auth": {"token": "wrong"}}, "resources": ["r"]}"""));

        Assert.Equal("REST resource 'r': HTTP 401 on page 1 of /r.", e.Message);
        Assert.DoesNotContain("wrong", e.Message);
    }

    [Fact]
    public async Task ReadAsync_404OnSecondPage_NamesThePage()
    {
        await using var api = await FakeRestApi.StartAsync(c => c.Request.Query["page"] == "2"
            ? FakeRestApi.Json(c, "{}", 404)
            : FakeRestApi.Json(c, "{\"data\":[{\"id\":1}],\"next\":\"/things?page=2\"}"));
        await using var harness = await RestApiHarness.StartAsync(api);

        var e = await Assert.ThrowsAsync<SourceException>(() => harness.RunAsync("""{"client": {"base_url": "BASE"}, "resources": ["things"]}"""));

        Assert.Equal("REST resource 'things': HTTP 404 on page 2 of /things.", e.Message);
    }

    [Fact]
    public async Task ReadAsync_404WithIgnoreAction_EndsWithoutFailing()
    {
        await using var api = await FakeRestApi.StartAsync(c => FakeRestApi.Json(c, "{}", 404));
        await using var harness = await RestApiHarness.StartAsync(api);

        var batches = await harness.RunAsync("""
            {"client": {"base_url": "BASE"}, "resources": [{"name": "gone", "endpoint": {"response_actions":
             [{"status_code": 404, "action": "ignore"}]}}]}
            """);

        Assert.Empty(batches);
    }

    [Fact]
    public async Task ReadAsync_InvalidJson_NamesThePage()
    {
        await using var api = await FakeRestApi.StartAsync(c => FakeRestApi.Json(c, "[{\"id\": 1,}"));
        await using var harness = await RestApiHarness.StartAsync(api);

        var e = await Assert.ThrowsAsync<SourceException>(() => harness.RunAsync("""{"client": {"base_url": "BASE"}, "resources": ["bad"]}"""));

        Assert.Equal("REST resource 'bad': page 1 of /bad is not valid JSON (line 1, byte 11).", e.Message);
    }

    [Fact]
    public async Task ReadAsync_429WithRetryAfter_WaitsThenSucceeds()
    {
        var calls = 0;
        await using var api = await FakeRestApi.StartAsync(c =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                c.Response.Headers.RetryAfter = "1";
                return FakeRestApi.Json(c, "{}", 429);
            }
            return FakeRestApi.Json(c, Ok);
        });
        await using var harness = await RestApiHarness.StartAsync(api);

        var batches = await harness.RunAsync("""{"client": {"base_url": "BASE"}, "resources": ["r"]}""");

        Assert.Single(RestApiHarness.Docs(batches, "r"));
        var requests = api.Requests.ToList();
        Assert.Equal(2, requests.Count);
        // Retry-After: 1 (seconds), far above the 10 ms back-off the harness configures.
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(950), $"waited {requests[1].At - requests[0].At}");
    }

    [Fact]
    public async Task ReadAsync_500sEveryTime_FailsAfterMaxAttempts()
    {
        await using var api = await FakeRestApi.StartAsync(c => FakeRestApi.Json(c, "{}", 503));
        await using var harness = await RestApiHarness.StartAsync(api, new() { ["MlOps:Ingest:RestApi:MaxAttempts"] = "3" });

        var e = await Assert.ThrowsAsync<SourceException>(() => harness.RunAsync("""{"client": {"base_url": "BASE"}, "resources": ["r"]}"""));

        Assert.Equal("REST resource 'r': HTTP 503 on page 1 of /r after 3 attempts.", e.Message);
        Assert.Equal(3, api.Requests.Count);
    }

    [Theory]
    [InlineData(1, null, 100)]
    [InlineData(3, null, 400)]
    [InlineData(2, "7", 7000)]
    [InlineData(2, "120", 30000)]
    [InlineData(1, "Wed, 01 Jan 2025 00:00:05 GMT", 5000)]
    [InlineData(1, "Tue, 31 Dec 2024 23:59:00 GMT", 0)]
    [InlineData(2, "soon", 200)]
    public void RetryDelay_Next_RetryAfterOrExponentialCapped(int attempt, string? retryAfter, int expectedMs)
    {
        var now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var delay = Sources.RestApi.RetryDelay.Next(attempt, retryAfter, now, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), delay);
    }
}
