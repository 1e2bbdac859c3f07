using System.Text.Json;
using MlOps.Ingest.Sources;
using MlOps.Ingest.Sources.RestApi;

namespace MlOps.Ingest.Tests.RestApi;

public sealed class RestApiConfigTests
{
    private const string Client = "\"client\": {\"base_url\": \"https://api.example.com/\"}";

    private static SourceConfigException Refused(string json) =>
        Assert.Throws<SourceConfigException>(() => RestApiConfig.Parse(JsonDocument.Parse(json).RootElement));

    [Theory]
    [InlineData("""{CLIENT, "resources": ["a", {"name": "b", "processing_steps": [{"filter": "x"}]}]}""", "resources[1].processing_steps")]
    [InlineData("""{CLIENT, "resources": [{"name": "b", "endpoint": {"incremental": {"cursor_path": "t", "convert": "f"}}}]}""",
        "resources[0].endpoint.incremental.convert")]
    [InlineData("""{CLIENT, "resources": [{"name": "b", "endpoint": {"paginator": "JSONLinkPaginator(next_url_path='n')"}}]}""",
        "resources[0].endpoint.paginator.type")]
    [InlineData("""{"client": {"base_url": "https://x/", "auth": {"type": "oauth2_client_credentials"}}, "resources": ["a"]}""",
        "client.auth.type")]
    [InlineData("""{CLIENT, "resources": [{"name": "b", "endpoint": {"response_actions": [{"status_code": 404, "action": ["f"]}]}}]}""",
        "resources[0].endpoint.response_actions[0].action")]
    [InlineData("""{CLIENT, "resources": [{"name": "b", "params": {"x": 1}}]}""", "resources[0].params")]
    [InlineData("""{CLIENT, "resources": [{"name": "b", "endpoint": {"paginator": {"type": "offset"}}}]}""",
        "resources[0].endpoint.paginator.limit")]
    [InlineData("""{CLIENT, "resources": [{"name": "b", "endpoint": "b/{id}"}]}""", "resources[0].endpoint.path")]
    [InlineData("""{CLIENT, "resources": [{"name": "c", "endpoint": "p/{resources.missing.id}"}]}""", "resources[0].endpoint")]
    [InlineData("""{CLIENT, "resources": [{"name": "c", "endpoint": {"params": {"q": "{incremental.start_value}"}}}]}""",
        "resources[0].endpoint.params")]
    [InlineData("""{CLIENT, "resources": [{"name": "c", "write_disposition": "upsert"}]}""", "resources[0].write_disposition")]
    [InlineData("""{CLIENT, "resources": [{"name": "c", "columns": {"n": {"data_type": "wei"}}}]}""", "resources[0].columns.n.data_type")]
    [InlineData("""{CLIENT, "resources": [{"name": "c", "schema_contract": {"tables": "strict"}}]}""", "resources[0].schema_contract.tables")]
    [InlineData("""{"client": {"base_url": "ftp://x/"}, "resources": ["a"]}""", "client.base_url")]
    [InlineData("""{CLIENT, "resources": []}""", "resources")]
    [InlineData("""{CLIENT, "resources": ["a", "a"]}""", "resources[1].name")]
    [InlineData("""{CLIENT, "resources": [{"name": "x", "endpoint": "{resources.y.id}/x"}, {"name": "y", "endpoint": "{resources.x.id}/y"}]}""",
        "resources[0].endpoint")]
    [InlineData("""{CLIENT, "resource_defaults": {"processing_steps": []}, "resources": ["a"]}""", "resource_defaults.processing_steps")]
    public void Parse_InvalidOrPythonOnly_RefusedNamingThePath(string json, string field)
    {
        var e = Refused(json.Replace("CLIENT", Client));

        Assert.Equal(field, e.Field);
    }

    [Fact]
    public void Parse_ProcessingSteps_SaysPythonOnly()
    {
        var e = Refused("""{CLIENT, "resources": [{"name": "b", "processing_steps": []}]}""".Replace("CLIENT", Client));

        Assert.Equal("resources[0].processing_steps: processing steps are Python callables (filter, map); "
            + "it is Python-only in dlt and cannot run here.", e.Message);
    }

    [Fact]
    public void Parse_ChildBeforeParent_OrderedParentFirst()
    {
        var config = RestApiConfig.Parse(JsonDocument.Parse("""
            {CLIENT, "resources": [{"name": "comments", "endpoint": "posts/{resources.posts.id}/comments"}, "tags", "posts"]}
            """.Replace("CLIENT", Client)).RootElement);

        // graphlib's static_order, as dlt uses it: ready nodes in the order first seen (comments names posts before tags).
        Assert.Equal(["posts", "tags", "comments"], config.Resources.Select(r => r.Name));
        Assert.Equal("posts", config.Resources[2].Parent);
    }

    [Theory]
    [InlineData("$", """{"a":1}""", """[{"a":1}]""")]
    [InlineData("a.b", """{"a":{"b":[1,2]}}""", "[[1,2]]")]
    [InlineData("$.a[*].id", """{"a":[{"id":1},{"id":2},{}]}""", "[1,2]")]
    [InlineData("$['x.y'][1]", """{"x.y":[5,6]}""", "[6]")]
    [InlineData("a.*", """{"a":{"p":1,"q":"z"}}""", """[1,"z"]""")]
    [InlineData("$['a]b'].c", """{"a]b":{"c":3}}""", "[3]")]
    [InlineData("$[\"x['y\"]", """{"x['y":4}""", "[4]")]
    public void JsonPath_Select_AllMatches(string path, string json, string expected)
    {
        var matches = JsonPath.Parse(path).Select(JsonDocument.Parse(json).RootElement);

        Assert.Equal(expected, JsonSerializer.Serialize(matches));
    }

    [Theory]
    [InlineData("$['a]", "'$['a]' has an unclosed '['.")]
    [InlineData("$['a'", "'$['a'' has an unclosed '['.")]
    [InlineData("$[a]b]", "'$[a]b]' has an unsupported selector [a].")]
    public void Parse_NextUrlPathWithBadBracket_RefusedNamingTheField(string nextUrlPath, string problem)
    {
        var e = Refused("""
            {CLIENT, "resources": [{"name": "b", "endpoint": {"paginator": {"type": "json_link", "next_url_path": "PATH"}}}]}
            """.Replace("CLIENT", Client).Replace("PATH", nextUrlPath));

        Assert.Equal("resources[0].endpoint.paginator.next_url_path", e.Field);
        Assert.Equal($"resources[0].endpoint.paginator.next_url_path: is not a JSONPath dlt understands: {problem}", e.Message);
    }

    [Theory]
    [InlineData("\"2024-01-02T00:00:00+01:00\"", "\"2024-01-01T23:30:00Z\"", -1)]
    [InlineData("10", "9.5", 1)]
    [InlineData("\"b\"", "\"a\"", 1)]
    [InlineData("\"2024-05-01\"", "\"2024-05-01\"", 0)]
    public void CursorValues_Compare_ByKind(string a, string b, int expected)
    {
        var result = CursorValues.Compare(JsonDocument.Parse(a).RootElement, JsonDocument.Parse(b).RootElement);

        Assert.Equal(expected, Math.Sign(result));
    }
}
