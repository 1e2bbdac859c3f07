using MlOps.Ingest.Sources;

namespace MlOps.Ingest.Tests.RestApi;

/// <summary>Next-page links may only lead to base_url's origin: credentials and client headers go with every request.</summary>
public sealed class RestApiNextLinkOriginTests
{
    // Both fake servers are allow-listed, so only the origin check can keep the request from the other one.
    private static Task<RestApiHarness> Harness(FakeRestApi api, FakeRestApi other) =>
        RestApiHarness.StartAsync(api, new() { ["MlOps:Outbound:Allow:1"] = $"127.0.0.1:{other.Port}" });

    [Theory]
    [InlineData("http://127.0.0.1:OTHER/r?page=2", "http://127.0.0.1:OTHER")]
    [InlineData("//127.0.0.1:OTHER/r?page=2", "http://127.0.0.1:OTHER")]
    [InlineData("http://localhost:SELF/r?page=2", "http://localhost:SELF")]
    [InlineData("https://127.0.0.1:SELF/r?page=2", "https://127.0.0.1:SELF")]
    public async Task JsonLink_NextUrlOnAnotherOrigin_FailsAndSendsNothingThere(string link, string refused)
    {
        await using var other = await FakeRestApi.StartAsync(c => FakeRestApi.Json(c, "[]"));
        await using var api = await FakeRestApi.StartAsync(c => FakeRestApi.Json(c,
            $"{{\"data\":[{{\"id\":1}}],\"next\":\"{link.Replace("OTHER", $"{other.Port}").Replace("SELF", $"{c.Connection.LocalPort}")}\"}}"));
        await using var harness = await Harness(api, other);

        var e = await Assert.ThrowsAsync<SourceException>(() => harness.RunAsync("""
            {"client": {"base_url": "BASE", "auth": {"token": "s3cret"}, "headers": {"X-Tenant": "t1"},
             "paginator": {"type": "json_link", "next_url_path": "next"}}, "resources": ["r"]}
            """));

        var origin = refused.Replace("OTHER", $"{other.Port}").Replace("SELF", $"{api.Port}");
        Assert.Equal($"REST resource 'r': page 1 of /r links the next page to {origin}, not http://127.0.0.1:{api.Port}; refused, so no credentials leave for another origin.", e.Message);
        Assert.Equal(["/r"], api.Urls);
        Assert.Empty(other.Requests);
    }

    [Fact]
    public async Task AutoDetectedLinkHeader_NextOnAnotherOrigin_FailsAndApiKeyNotSentThere()
    {
        await using var other = await FakeRestApi.StartAsync(c => FakeRestApi.Json(c, "[]"));
        await using var api = await FakeRestApi.StartAsync(c =>
        {
            c.Response.Headers["Link"] = $"<http://127.0.0.1:{other.Port}/issues?page=2>; rel=\"next\"";
            return FakeRestApi.Json(c, "[{\"id\":1}]");
        });
        await using var harness = await Harness(api, other);

        var e = await Assert.ThrowsAsync<SourceException>(() => harness.RunAsync("""
            {"client": {"base_url": "BASE", "auth": {"type": "api_key", "name": "key", "api_key": "k1", "location": "query"}},
             "resources": ["issues"]}
            """));

        Assert.Equal($"REST resource 'issues': page 1 of /issues links the next page to http://127.0.0.1:{other.Port}, "
            + $"not http://127.0.0.1:{api.Port}; refused, so no credentials leave for another origin.", e.Message);
        Assert.Equal(["/issues?key=k1"], api.Urls);
        Assert.Empty(other.Requests);
    }

    [Fact]
    public async Task AutoDetectedBodyLink_KeysWithJsonPathCharacters_Followed()
    {
        await using var api = await FakeRestApi.StartAsync(c => FakeRestApi.Json(c, c.Request.Query["page"] == "2"
            ? """{"data":[{"id":2}]}"""
            : """{"data":[{"id":1}],"pag']i[n\"g":{"next":"/n?page=2"}}"""));
        await using var harness = await RestApiHarness.StartAsync(api);

        var batches = await harness.RunAsync("""{"client": {"base_url": "BASE"}, "resources": ["n"]}""");

        Assert.Equal(["""{"id":1}""", """{"id":2}"""], RestApiHarness.Docs(batches, "n"));
        Assert.Equal(["/n", "/n?page=2"], api.Urls);
    }
}
