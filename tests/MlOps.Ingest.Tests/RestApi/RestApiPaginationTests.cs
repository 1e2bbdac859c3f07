using Microsoft.AspNetCore.Http;

namespace MlOps.Ingest.Tests.RestApi;

public sealed class RestApiPaginationTests
{
    private static int Q(HttpContext c, string name, int fallback) => int.TryParse(c.Request.Query[name], out var v) ? v : fallback;

    private static string Items(int from, int count) => string.Join(',', Enumerable.Range(from, count).Select(i => $"{{\"id\":{i}}}"));

    private static List<string> Ids(List<Sources.SourceBatch> batches, string resource) =>
        [.. RestApiHarness.Docs(batches, resource).Select(d => System.Text.Json.JsonDocument.Parse(d).RootElement.GetProperty("id").GetRawText())];

    [Fact]
    public async Task JsonLink_NextUrlPath_FollowsUntilNull()
    {
        await using var api = await FakeRestApi.StartAsync(c =>
        {
            var page = Q(c, "page", 1);
            var next = page < 3 ? $"\"{c.Request.Scheme}://{c.Request.Host}/posts?page={page + 1}\"" : "null";
            return FakeRestApi.Json(c, $"{{\"data\":[{Items(page * 10, 2)}],\"paging\":{{\"next\":{next}}}}}");
        });
        await using var harness = await RestApiHarness.StartAsync(api);

        var batches = await harness.RunAsync("""
            {"client": {"base_url": "BASE/", "paginator": {"type": "json_link", "next_url_path": "paging.next"}},
             "resources": ["posts"]}
            """);

        Assert.Equal(["10", "11", "20", "21", "30", "31"], Ids(batches, "posts"));
        Assert.Equal(["/posts", "/posts?page=2", "/posts?page=3"], api.Urls);
        Assert.Equal("page 2, item 1 of /posts", batches[1].PositionOf(0));
    }

    [Fact]
    public async Task HeaderLink_LinkHeaderRelNext_FollowsRelativeAndAbsoluteLinks()
    {
        await using var api = await FakeRestApi.StartAsync(c =>
        {
            var page = Q(c, "page", 1);
            if (page == 1)
            {
                c.Response.Headers["Link"] = "</issues?page=2>; rel=\"next\", </issues?page=9>; rel=\"last\"";
            }
            else if (page == 2)
            {
                c.Response.Headers["Link"] = $"<http://{c.Request.Host}/issues?page=3>; rel=\"next\"";
            }
            return FakeRestApi.Json(c, $"[{Items(page, 1)}]");
        });
        await using var harness = await RestApiHarness.StartAsync(api);

        var batches = await harness.RunAsync("""
            {"client": {"base_url": "BASE"}, "resources": [{"name": "issues", "endpoint": {"path": "issues",
             "paginator": "header_link", "params": {"per_page": 1}}}]}
            """);

        Assert.Equal(["1", "2", "3"], Ids(batches, "issues"));
        Assert.Equal(["/issues?per_page=1", "/issues?page=2", "/issues?page=3"], api.Urls);
    }

    [Fact]
    public async Task Offset_TotalInBody_StopsAtTotal()
    {
        await using var api = await FakeRestApi.StartAsync(c =>
        {
            var offset = Q(c, "offset", -1);
            return FakeRestApi.Json(c, $"{{\"items\":[{Items(offset, Math.Min(2, 5 - offset))}],\"total\":5}}");
        });
        await using var harness = await RestApiHarness.StartAsync(api);

        var batches = await harness.RunAsync("""
            {"client": {"base_url": "BASE"}, "resources": [{"name": "things",
             "endpoint": {"paginator": {"type": "offset", "limit": 2}}}]}
            """);

        Assert.Equal(["0", "1", "2", "3", "4"], Ids(batches, "things"));
        Assert.Equal(["/things?offset=0&limit=2", "/things?offset=2&limit=2", "/things?offset=4&limit=2"], api.Urls);
    }

    [Fact]
    public async Task Offset_NoTotalStopAfterEmptyPage_StopsOnEmptyPage()
    {
        await using var api = await FakeRestApi.StartAsync(c =>
            FakeRestApi.Json(c, Q(c, "skip", 0) >= 6 ? "[]" : $"[{Items(Q(c, "skip", 0), 3)}]"));
        await using var harness = await RestApiHarness.StartAsync(api);

        var batches = await harness.RunAsync("""
            {"client": {"base_url": "BASE"}, "resources": [{"name": "rows", "endpoint": {"paginator":
             {"type": "offset", "limit": 3, "offset_param": "skip", "limit_param": "take", "total_path": null}}}]}
            """);

        Assert.Equal(6, Ids(batches, "rows").Count);
        Assert.Equal(["/rows?skip=0&take=3", "/rows?skip=3&take=3", "/rows?skip=6&take=3"], api.Urls);
    }

    [Fact]
    public async Task PageNumber_BasePageOneAndTotalPages_ReadsEveryPage()
    {
        await using var api = await FakeRestApi.StartAsync(c =>
            FakeRestApi.Json(c, $"{{\"results\":[{Items(Q(c, "p", 0) * 100, 1)}],\"meta\":{{\"pages\":3}}}}"));
        await using var harness = await RestApiHarness.StartAsync(api);

        var batches = await harness.RunAsync("""
            {"client": {"base_url": "BASE"}, "resources": [{"name": "pages", "endpoint": {"paginator":
             {"type": "page_number", "base_page": 1, "page_param": "p", "total_path": "meta.pages"}}}]}
            """);

        Assert.Equal(["100", "200", "300"], Ids(batches, "pages"));
        Assert.Equal(["/pages?p=1", "/pages?p=2", "/pages?p=3"], api.Urls);
    }

    [Fact]
    public async Task PageNumber_MaximumPage_StopsBeforeIt()
    {
        await using var api = await FakeRestApi.StartAsync(c => FakeRestApi.Json(c, $"[{Items(Q(c, "page", 0), 1)}]"));
        await using var harness = await RestApiHarness.StartAsync(api);

        await harness.RunAsync("""
            {"client": {"base_url": "BASE"}, "resources": [{"name": "p", "endpoint": {"paginator":
             {"type": "page_number", "total_path": null, "maximum_page": 3}}}]}
            """);

        Assert.Equal(["/p?page=0", "/p?page=1", "/p?page=2"], api.Urls);
    }

    [Fact]
    public async Task Cursor_CursorPathAndParam_SendsEachCursor()
    {
        await using var api = await FakeRestApi.StartAsync(c =>
        {
            var cursor = c.Request.Query["after_id"].ToString();
            var (items, next) = cursor switch { "" => (Items(1, 1), "\"c2\""), "c2" => (Items(2, 1), "\"c3\""), _ => (Items(3, 1), "null") };
            return FakeRestApi.Json(c, $"{{\"entries\":[{items}],\"cursors\":{{\"next_cursor\":{next}}}}}");
        });
        await using var harness = await RestApiHarness.StartAsync(api);

        var batches = await harness.RunAsync("""
            {"client": {"base_url": "BASE"}, "resources": [{"name": "feed", "endpoint": {"paginator":
             {"type": "cursor", "cursor_path": "cursors.next_cursor", "cursor_param": "after_id"}}}]}
            """);

        Assert.Equal(["1", "2", "3"], Ids(batches, "feed"));
        Assert.Equal(["/feed", "/feed?after_id=c2", "/feed?after_id=c3"], api.Urls);
    }

    [Fact]
    public async Task SinglePage_BodyHasNextLink_OneRequest()
    {
        await using var api = await FakeRestApi.StartAsync(c => FakeRestApi.Json(c, $"{{\"data\":[{Items(1, 2)}],\"next\":\"/x?page=2\"}}"));
        await using var harness = await RestApiHarness.StartAsync(api);

        var batches = await harness.RunAsync("""
            {"client": {"base_url": "BASE", "paginator": "single_page"}, "resources": ["x"]}
            """);

        Assert.Equal(["1", "2"], Ids(batches, "x"));
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task Auto_LinkHeader_DetectedAsHeaderLink()
    {
        await using var api = await FakeRestApi.StartAsync(c =>
        {
            if (Q(c, "page", 1) == 1)
            {
                c.Response.Headers["Link"] = "</a?page=2>; rel=\"next\"";
            }
            return FakeRestApi.Json(c, $"[{Items(Q(c, "page", 1), 1)}]");
        });
        await using var harness = await RestApiHarness.StartAsync(api);

        var batches = await harness.RunAsync("""{"client": {"base_url": "BASE"}, "resources": ["a"]}""");

        Assert.Equal(["1", "2"], Ids(batches, "a"));
    }

    [Fact]
    public async Task Auto_NestedNextHref_DetectedAsJsonLink()
    {
        await using var api = await FakeRestApi.StartAsync(c =>
        {
            var page = Q(c, "page", 1);
            var next = page < 2 ? "\"/b?page=2\"" : "null";
            return FakeRestApi.Json(c, $"{{\"records\":[{Items(page, 1)}],\"links\":{{\"next\":{{\"href\":{next}}}}}}}");
        });
        await using var harness = await RestApiHarness.StartAsync(api);

        var batches = await harness.RunAsync("""{"client": {"base_url": "BASE"}, "resources": ["b"]}""");

        Assert.Equal(["1", "2"], Ids(batches, "b"));
        Assert.Equal(["/b", "/b?page=2"], api.Urls);
    }

    [Fact]
    public async Task Auto_NoPagingHints_SinglePage()
    {
        await using var api = await FakeRestApi.StartAsync(c => FakeRestApi.Json(c, $"{{\"count\":2,\"items\":[{Items(1, 2)}],\"next_cursor\":\"abc\"}}"));
        await using var harness = await RestApiHarness.StartAsync(api);

        var batches = await harness.RunAsync("""{"client": {"base_url": "BASE"}, "resources": ["c"]}""");

        Assert.Equal(["1", "2"], Ids(batches, "c"));
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task ReadAsync_PaginationNeverEnds_FailsAtMaxPagesNamingResourceAndPage()
    {
        await using var api = await FakeRestApi.StartAsync(c =>
            FakeRestApi.Json(c, $"{{\"data\":[{Items(1, 1)}],\"next\":\"/loop?page={Q(c, "page", 1) + 1}\"}}"));
        await using var harness = await RestApiHarness.StartAsync(api, new() { ["MlOps:Ingest:RestApi:MaxPages"] = "4" });

        var e = await Assert.ThrowsAsync<Sources.SourceException>(() =>
            harness.RunAsync("""{"client": {"base_url": "BASE"}, "resources": ["loop"]}"""));

        Assert.Equal("REST resource 'loop': pagination did not end after 4 pages (page 5 of /loop would be next); "
            + "raise MlOps:Ingest:RestApi:MaxPages or fix the paginator.", e.Message);
        Assert.Equal(4, api.Requests.Count);
    }
}
