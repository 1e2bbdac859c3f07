using System.Text.Json;
using MlOps.Ingest.Loading;

namespace MlOps.Ingest.Tests.RestApi;

public sealed class RestApiResourceTests
{
    private static JsonElement State(string json) => JsonDocument.Parse(json).RootElement;

    [Theory]
    [InlineData("data", """{"data":[{"id":1},{"id":2}]}""", 2)]
    [InlineData("results.items", """{"results":{"items":[{"id":1}]}}""", 1)]
    [InlineData("$.data[*]", """{"data":[{"id":1},{"id":2},{"id":3}]}""", 3)]
    [InlineData("missing.path", """{"data":[{"id":1}]}""", 0)]
    public async Task DataSelector_JsonPath_SelectsItems(string selector, string body, int expected)
    {
        await using var api = await FakeRestApi.StartAsync(c => FakeRestApi.Json(c, body));
        await using var harness = await RestApiHarness.StartAsync(api);

        var batches = await harness.RunAsync("""
            {"client": {"base_url": "BASE"}, "resources": [{"name": "r", "endpoint": {"data_selector": "SELECTOR"}}]}
            """.Replace("SELECTOR", selector));

        Assert.Equal(expected, RestApiHarness.Docs(batches, "r").Count);
    }

    [Fact]
    public async Task Incremental_StartParam_SecondRunStartsFromState()
    {
        await using var api = await FakeRestApi.StartAsync(c => FakeRestApi.Json(c, c.Request.Query["since"] == "2024-01-01T00:00:00Z"
            ? """[{"id":1,"updated_at":"2024-03-01T10:00:00Z"},{"id":2,"updated_at":"2024-02-01T00:00:00+05:00"}]"""
            : """[{"id":3,"updated_at":"2024-03-02T00:00:00Z"}]"""));
        await using var harness = await RestApiHarness.StartAsync(api);
        const string Config = """
            {"client": {"base_url": "BASE"}, "resources": [{"name": "issues", "endpoint": {"path": "issues",
             "incremental": {"start_param": "since", "cursor_path": "updated_at", "initial_value": "2024-01-01T00:00:00Z"}}}]}
            """;

        var first = await harness.RunAsync(Config);
        var state = first.Last().StateAfter!.Value;
        var second = await harness.RunAsync(Config, new Dictionary<string, JsonElement> { ["issues"] = state });

        Assert.Equal("""{"last_value":"2024-03-01T10:00:00Z"}""", state.GetRawText());
        Assert.Equal(["/issues?since=2024-01-01T00%3A00%3A00Z", "/issues?since=2024-03-01T10%3A00%3A00Z"], api.Urls);
        Assert.Equal("""{"last_value":"2024-03-02T00:00:00Z"}""", second.Last().StateAfter!.Value.GetRawText());
    }

    [Fact]
    public async Task Incremental_PlaceholderAndEndValue_SentAndItemsOutsideRangeDropped()
    {
        await using var api = await FakeRestApi.StartAsync(c => FakeRestApi.Json(c, """{"data":[{"id":5},{"id":9},{"id":12},{"id":20}]}"""));
        await using var harness = await RestApiHarness.StartAsync(api);

        var batches = await harness.RunAsync("""
            {"client": {"base_url": "BASE"}, "resources": [{"name": "ev", "endpoint": {"path": "ev/from/{incremental.start_value}",
             "params": {"to": "{incremental.end_value}"},
             "incremental": {"cursor_path": "id", "initial_value": 9, "end_value": 20}}}]}
            """, new Dictionary<string, JsonElement> { ["ev"] = State("""{"last_value": 10}""") });

        Assert.Equal(["/ev/from/10?to=20"], api.Urls);
        Assert.Equal(["""{"id":12}"""], RestApiHarness.Docs(batches, "ev"));
        Assert.Equal("""{"last_value":12}""", batches.Single().StateAfter!.Value.GetRawText());
    }

    [Fact]
    public async Task Incremental_ParamForm_SendsInitialValueAndComparesNumbersNumerically()
    {
        await using var api = await FakeRestApi.StartAsync(c => FakeRestApi.Json(c, """[{"seq":9},{"seq":100},{"seq":25}]"""));
        await using var harness = await RestApiHarness.StartAsync(api);

        var batches = await harness.RunAsync("""
            {"client": {"base_url": "BASE"}, "resources": [{"name": "log", "endpoint": {"params": {"after":
             {"type": "incremental", "cursor_path": "seq", "initial_value": 8}}}}]}
            """);

        Assert.Equal(["/log?after=8"], api.Urls);
        Assert.Equal("""{"last_value":100}""", batches.Single().StateAfter!.Value.GetRawText());
    }

    [Fact]
    public async Task Incremental_ItemWithoutCursor_FailsNamingTheItem()
    {
        await using var api = await FakeRestApi.StartAsync(c => FakeRestApi.Json(c, """[{"seq":1},{"other":2}]"""));
        await using var harness = await RestApiHarness.StartAsync(api);

        var e = await Assert.ThrowsAsync<Sources.SourceException>(() => harness.RunAsync("""
            {"client": {"base_url": "BASE"}, "resources": [{"name": "log", "endpoint": {"incremental": {"cursor_path": "seq"}}}]}
            """));

        Assert.Equal("REST resource 'log': page 1, item 2 of /log: the item has no cursor value at 'seq'.", e.Message);
    }

    [Fact]
    public async Task Resolve_LegacyParamAndPlaceholder_OneChildRequestPerParentItem()
    {
        await using var api = await FakeRestApi.StartAsync(c => FakeRestApi.Json(c, c.Request.Path.Value switch
        {
            "/groups" => """[{"id":"g1","name":"one"},{"id":"g2","name":"two"}]""",
            "/groups/g1/users" => """[{"uid":1}]""",
            "/groups/g2/users" => """[{"uid":2},{"uid":3}]""",
            _ => """[{"ok":true}]""",
        }));
        await using var harness = await RestApiHarness.StartAsync(api);

        var batches = await harness.RunAsync("""
            {"client": {"base_url": "BASE"}, "resources": [
              {"name": "audit", "endpoint": {"path": "audit", "params": {"user": "{resources.users.uid}"}}},
              {"name": "users", "endpoint": {"path": "groups/{group_id}/users",
               "params": {"group_id": {"type": "resolve", "resource": "groups", "field": "id"}}}, "include_from_parent": ["name"]},
              {"name": "groups", "selected": false}]}
            """);

        Assert.Equal(["/groups", "/groups/g1/users", "/groups/g2/users", "/audit?user=1", "/audit?user=2", "/audit?user=3"], api.Urls);
        Assert.Equal(["""{"uid":1,"_groups_name":"one"}""", """{"uid":2,"_groups_name":"two"}""", """{"uid":3,"_groups_name":"two"}"""],
            RestApiHarness.Docs(batches, "users"));
        Assert.Empty(RestApiHarness.Docs(batches, "groups"));
        Assert.Equal(3, RestApiHarness.Docs(batches, "audit").Count);
    }

    [Fact]
    public async Task Hints_ResourceDefaultsMerged_AsDlt()
    {
        await using var api = await FakeRestApi.StartAsync(c => FakeRestApi.Json(c, "[]"));
        await using var harness = await RestApiHarness.StartAsync(api);

        var source = harness.Create("""
            {"client": {"base_url": "BASE"},
             "resource_defaults": {"primary_key": "id", "write_disposition": "merge", "endpoint": {"params": {"per_page": 100, "a": 1}},
                                   "columns": {"price": {"data_type": "decimal", "precision": 10}}},
             "resources": ["plain", {"name": "special", "write_disposition": {"disposition": "merge", "strategy": "scd2"},
               "table_name": "specials", "schema_contract": {"columns": "freeze"}, "max_table_nesting": 1,
               "columns": {"price": {"scale": 2}, "deleted": {"data_type": "bool", "hard_delete": true}},
               "endpoint": {"params": {"a": 2}}}]}
            """);

        var plain = source.Resources[0];
        var special = source.Resources[1];
        Assert.Equal((WriteDisposition.Merge, Schema.ContractMode.Evolve), (plain.Disposition, plain.Contract.Columns));
        Assert.Equal(["id"], special.PrimaryKey);
        Assert.Equal((WriteDisposition.Merge, MergeStrategy.Scd2, "specials"), (special.Disposition, special.MergeStrategy, special.TableName));
        Assert.Equal(new Schema.SchemaContract(Schema.ContractMode.Evolve, Schema.ContractMode.Freeze, Schema.ContractMode.Evolve), special.Contract);
        Assert.Equal(new Schema.ColumnHint { DataType = Schema.DataType.Decimal, Precision = 10, Scale = 2 }, special.Columns["price"]);
        Assert.True(special.Columns["deleted"].HardDelete);
        Assert.Equal("""{"per_page":100,"a":2}""", source.Config.Resources[1].Endpoint.Params.ToJsonString());
    }
}
