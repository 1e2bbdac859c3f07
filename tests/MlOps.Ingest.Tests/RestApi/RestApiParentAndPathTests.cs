using MlOps.Ingest.Sources;

namespace MlOps.Ingest.Tests.RestApi;

/// <summary>Parent values as path segments, the cap on kept parent items, and path params kept out of logs and errors.</summary>
public sealed class RestApiParentAndPathTests
{
    private const string Children = """
        {"client": {"base_url": "BASE"}, "resources": [{"name": "users", "endpoint": {"path": "groups/{group_id}/users",
          "params": {"group_id": {"type": "resolve", "resource": "groups", "field": "id"}}}}, "groups"]}
        """;

    private static Task<FakeRestApi> Groups(string groups) =>
        FakeRestApi.StartAsync(c => FakeRestApi.Json(c, c.Request.Path == "/groups" ? groups : """[{"uid":1}]"""));

    [Fact]
    public async Task Resolve_ParentValueWithSlashes_EscapedAsOneSegment()
    {
        await using var api = await Groups("""[{"id":"../admin"},{"id":"a/b c"}]""");
        await using var harness = await RestApiHarness.StartAsync(api);

        await harness.RunAsync(Children);

        // %2F arrives encoded (a decoded / would have split the segment), so each value stayed one segment.
        Assert.Equal(["/groups", "/groups/..%2Fadmin/users", "/groups/a%2Fb%20c/users"], api.Urls);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    public async Task Resolve_ParentValueIsDotSegment_FailsBeforeTheRequest(string id)
    {
        await using var api = await Groups($$"""[{"id":"{{id}}"}]""");
        await using var harness = await RestApiHarness.StartAsync(api);

        var e = await Assert.ThrowsAsync<SourceException>(() => harness.RunAsync(Children));

        Assert.Equal($"REST resource 'users': the value '{id}' of {{group_id}} cannot be a path segment of /groups/{{group_id}}/users.", e.Message);
        Assert.Equal(["/groups"], api.Urls);
    }

    [Fact]
    public async Task ReadAsync_ParentItemsAboveMaxParentItems_FailsNamingParentAndCap()
    {
        await using var api = await Groups("""[{"id":"g1"},{"id":"g2"},{"id":"g3"}]""");
        await using var harness = await RestApiHarness.StartAsync(api, new() { ["MlOps:Ingest:RestApi:MaxParentItems"] = "2" });

        var e = await Assert.ThrowsAsync<SourceException>(() => harness.RunAsync(Children));

        Assert.Equal("REST resource 'groups': more than 2 items kept for its child resources; "
            + "raise MlOps:Ingest:RestApi:MaxParentItems or narrow the parent (params, incremental).", e.Message);
        Assert.Equal(["/groups"], api.Urls);
    }

    [Fact]
    public async Task ReadAsync_ParentItemsAtMaxParentItems_ReadsEveryChild()
    {
        await using var api = await Groups("""[{"id":"g1"},{"id":"g2"}]""");
        await using var harness = await RestApiHarness.StartAsync(api, new() { ["MlOps:Ingest:RestApi:MaxParentItems"] = "2" });

        var batches = await harness.RunAsync(Children);

        Assert.Equal(["/groups", "/groups/g1/users", "/groups/g2/users"], api.Urls);
        Assert.Equal(2, RestApiHarness.Docs(batches, "users").Count);
    }

    [Fact]
    public async Task ReadAsync_SecretPathParam_ErrorAndLogsShowTheTemplateOnly()
    {
        await using var api = await FakeRestApi.StartAsync(c => FakeRestApi.Json(c, "{}", 503));
        var logs = new CapturedLogs();
        await using var harness = await RestApiHarness.StartAsync(api, new() { ["MlOps:Ingest:RestApi:MaxAttempts"] = "2" }, logs);

        var e = await Assert.ThrowsAsync<SourceException>(() => harness.RunAsync("""
            {"client": {"base_url": "BASE"}, "resources": [{"name": "updates",
             "endpoint": {"path": "bot{token}/getUpdates", "params": {"token": "SECRET-123"}}}]}
            """));

        Assert.Equal(["/botSECRET-123/getUpdates", "/botSECRET-123/getUpdates"], api.Urls);
        Assert.Equal("REST resource 'updates': HTTP 503 on page 1 of /bot{token}/getUpdates after 2 attempts.", e.Message);
        Assert.Contains("7301 REST resource updates page 1 of /bot{token}/getUpdates: HTTP 503 (attempt 1), retrying in 10 ms", logs.Lines);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("SECRET", StringComparison.Ordinal));
    }
}
