using Microsoft.AspNetCore.Http;

namespace MlOps.Ingest.Tests.RestApi;

/// <summary>Configs copied from dlt's rest_api documentation, only base_url pointed at the fake API.</summary>
public sealed class DltDocsExampleTests
{
    [Fact]
    public async Task PokemonExample_AsInDltDocs_PagesThroughPokeApiShapedAnswers()
    {
        // PokeAPI's list shape: {"count", "next", "previous", "results"}.
        await using var api = await FakeRestApi.StartAsync(c =>
        {
            var offset = int.TryParse(c.Request.Query["offset"], out var o) ? o : 0;
            var next = offset == 0 ? $"\"http://{c.Request.Host}{c.Request.Path}?offset=2&limit=2\"" : "null";
            var name = c.Request.Path.Value!.Trim('/');
            return FakeRestApi.Json(c, $$"""
                {"count": 3, "next": {{next}}, "previous": null, "results": [{"name": "{{name}}-{{offset}}", "url": "u"}]}
                """);
        });
        await using var harness = await RestApiHarness.StartAsync(api);

        // dlt's rest_api_pipeline.py pokemon source (dlt init rest_api), as JSON: the dict without Python's trailing commas.
        var batches = await harness.RunAsync("""
            {
                "client": {"base_url": "BASE/"},
                "resource_defaults": {
                    "endpoint": {
                        "params": {
                            "limit": 1000
                        }
                    }
                },
                "resources": [
                    "pokemon",
                    "berry",
                    "location"
                ]
            }
            """);

        Assert.Equal(["/pokemon?limit=1000", "/pokemon?offset=2&limit=2", "/berry?limit=1000", "/berry?offset=2&limit=2",
            "/location?limit=1000", "/location?offset=2&limit=2"], api.Urls);
        Assert.Equal(["""{"name": "pokemon-0", "url": "u"}""", """{"name": "pokemon-2", "url": "u"}"""],
            RestApiHarness.Docs(batches, "pokemon"));
    }

    [Fact]
    public async Task GithubExample_AsInDltDocs_IssuesIncrementalAndCommentsPerIssue()
    {
        await using var api = await FakeRestApi.StartAsync(c => FakeRestApi.Json(c, c.Request.Path.Value switch
        {
            "/repos/dlt-hub/dlt/issues" => """[{"id":11,"number":123,"updated_at":"2024-02-01T00:00:00Z"},{"id":12,"number":124,"updated_at":"2024-02-03T00:00:00Z"}]""",
            "/repos/dlt-hub/dlt/issues/123/comments" => """[{"id":901,"body":"a"}]""",
            "/repos/dlt-hub/dlt/issues/124/comments" => """[{"id":902,"body":"b"},{"id":903,"body":"c"}]""",
            _ => "[]",
        }));
        await using var harness = await RestApiHarness.StartAsync(api);

        // dlt docs, "Source configuration / Quick example" (github_source), with the token inlined.
        var source = harness.Create("""
            {
                "client": {
                    "base_url": "BASE/repos/dlt-hub/dlt/",
                    "auth": {
                        "token": "ghp_example"
                    }
                },
                "resource_defaults": {
                    "primary_key": "id",
                    "write_disposition": "merge",
                    "endpoint": {
                        "params": {
                            "per_page": 100
                        }
                    }
                },
                "resources": [
                    {
                        "name": "issues",
                        "endpoint": {
                            "path": "issues",
                            "params": {
                                "sort": "updated",
                                "direction": "desc",
                                "state": "open",
                                "since": {
                                    "type": "incremental",
                                    "cursor_path": "updated_at",
                                    "initial_value": "2024-01-25T11:21:28Z"
                                }
                            }
                        }
                    },
                    {
                        "name": "issue_comments",
                        "endpoint": {
                            "path": "issues/{resources.issues.number}/comments"
                        },
                        "include_from_parent": ["id"]
                    }
                ]
            }
            """);
        var batches = new List<Sources.SourceBatch>();
        await foreach (var b in source.ReadAsync(new Sources.SourceReadContext { TenantId = "t" }, TestContext.Current.CancellationToken))
        {
            batches.Add(b);
        }

        Assert.Equal([
            "/repos/dlt-hub/dlt/issues?per_page=100&sort=updated&direction=desc&state=open&since=2024-01-25T11%3A21%3A28Z",
            "/repos/dlt-hub/dlt/issues/123/comments?per_page=100",
            "/repos/dlt-hub/dlt/issues/124/comments?per_page=100"], api.Urls);
        Assert.All(api.Requests, r => Assert.Equal("Bearer ghp_example", r.Headers["Authorization"]));
        Assert.Equal(["""{"id":901,"body":"a","_issues_id":11}""", """{"id":902,"body":"b","_issues_id":12}""",
            """{"id":903,"body":"c","_issues_id":12}"""], RestApiHarness.Docs(batches, "issue_comments"));
        Assert.Equal("""{"last_value":"2024-02-03T00:00:00Z"}""", batches.First(b => b.Resource == "issues").StateAfter!.Value.GetRawText());
        Assert.All(source.Resources, r => Assert.Equal((Loading.WriteDisposition.Merge, "id"), (r.Disposition, r.PrimaryKey.Single())));
    }
}
