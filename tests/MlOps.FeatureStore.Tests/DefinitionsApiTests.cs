using System.Net;

namespace MlOps.FeatureStore.Tests;

/// <summary>Definitions as versioned resources, and feature views checked against the tenant's warehouse catalog.</summary>
[Collection(FeatureStoreCollection.Name)]
public sealed class DefinitionsApiTests(FeatureStoreFixture fixture)
{
    private readonly string _tenant = FeatureStoreFixture.NewTenant();

    [Fact]
    public async Task PutEntity_Twice_KeepsEveryVersionAndDeleteAddsOne()
    {
        using var client = fixture.Client(_tenant);

        await client.PutJsonAsync("/entities/customer", new { name = "customer", joinKeys = new[] { "customer_id" } });
        await client.PutJsonAsync("/entities/customer", new { joinKeys = new[] { "customer_id", "region" } });
        var latest = await client.GetJsonAsync("/entities/customer");
        var deleted = await client.DeleteAsync("/entities/customer", TestContext.Current.CancellationToken);
        var afterDelete = await client.GetJsonAsync("/entities/customer");
        var versions = await client.GetJsonAsync("/entities/customer/versions");

        Assert.Equal(2, latest.Body.GetProperty("version").GetInt32());
        Assert.Equal(["customer_id", "region"], latest.Body.GetProperty("definition").GetProperty("joinKeys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.Response.StatusCode);
        Assert.Equal([3, 2, 1], versions.Body.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, versions.Body[0].GetProperty("definition").ValueKind);
    }

    [Theory]
    [InlineData("{\"joinKeys\": []}", "joinKeys:")]
    [InlineData("{\"joinKeys\": [\"a b\"]}", "joinKeys[0]:")]
    [InlineData("{\"name\": \"other\", \"joinKeys\": [\"id\"]}", "name:")]
    public async Task PutEntity_Invalid_400NamingTheField(string body, string field)
    {
        using var client = fixture.Client(_tenant);

        var response = await client.PutAsync("/entities/customer", new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(field, problem.Detail());
    }

    [Fact]
    public async Task PutFeatureView_OverTheWarehouseCatalog_400sNameTableColumnAndType()
    {
        using var client = fixture.Client(_tenant);
        await CustomerFeatures.DefineAsync(fixture, client, _tenant, "(1, '2024-01-01T10:00:00Z', 1.0, 1, 'a')");

        var missingTable = await client.PutJsonAsync("/feature-views/stats", CustomerFeatures.View(60, table: "nope"));
        var missingDataset = await client.PutJsonAsync("/feature-views/stats", new
        {
            name = "stats", dataset = "elsewhere", table = "customer_stats", entities = new[] { "customer" }, timestampColumn = "event_ts", ttlSeconds = 60,
            features = new[] { new { name = "spend", type = "float64" } },
        });
        var wrongType = await client.PutJsonAsync("/feature-views/stats", CustomerFeatures.View(60, spendType: "string"));
        var missingColumn = await client.PutJsonAsync("/feature-views/stats", new
        {
            name = "stats", dataset = "shop", table = "customer_stats", entities = new[] { "customer" }, timestampColumn = "event_ts", ttlSeconds = 60,
            features = new[] { new { name = "spend", type = "float64" }, new { name = "tenure", type = "int64" } },
        });
        var badTimestamp = await client.PutJsonAsync("/feature-views/stats", new
        {
            name = "stats", dataset = "shop", table = "customer_stats", entities = new[] { "customer" }, timestampColumn = "segment", ttlSeconds = 60,
            features = new[] { new { name = "spend", type = "float64" } },
        });
        var unknownEntity = await client.PutJsonAsync("/feature-views/stats", new
        {
            name = "stats", dataset = "shop", table = "customer_stats", entities = new[] { "driver" }, timestampColumn = "event_ts", ttlSeconds = 60,
            features = new[] { new { name = "spend", type = "float64" } },
        });
        var noTtl = await client.PutJsonAsync("/feature-views/stats", CustomerFeatures.View(0));

        Assert.All(new[] { missingTable, missingDataset, wrongType, missingColumn, badTimestamp, unknownEntity, noTtl },
            r => Assert.Equal(HttpStatusCode.BadRequest, r.Response.StatusCode));
        Assert.Equal("table: Dataset 'shop' has no table 'nope' (or the feature store may not read it).", missingTable.Body.Detail());
        Assert.Equal("dataset: The tenant has no dataset 'elsewhere' in the warehouse.", missingDataset.Body.Detail());
        Assert.Equal("features[0].type: column 'spend' is double precision, which cannot be served as string.", wrongType.Body.Detail());
        Assert.Equal("features[1].name: table 'customer_stats' has no column 'tenure'.", missingColumn.Body.Detail());
        Assert.Equal("timestampColumn: column 'segment' is text, not a timestamp or date.", badTimestamp.Body.Detail());
        Assert.StartsWith("entities[0]: the tenant has no entity 'driver'", unknownEntity.Body.Detail());
        Assert.StartsWith("ttlSeconds:", noTtl.Body.Detail());
        // The valid version stands alone.
        Assert.Single((await client.GetJsonAsync("/feature-views/stats/versions")).Body.EnumerateArray());
    }

    [Fact]
    public async Task PutFeatureView_AnotherTenantsDataset_IsNotFound()
    {
        using var owner = fixture.Client(_tenant);
        await CustomerFeatures.DefineAsync(fixture, owner, _tenant, "(1, '2024-01-01T10:00:00Z', 1.0, 1, 'a')");
        using var other = fixture.Client(FeatureStoreFixture.NewTenant());
        await other.PutJsonAsync("/entities/customer", new { joinKeys = new[] { "customer_id" } });

        var response = await other.PutJsonAsync("/feature-views/stats", CustomerFeatures.View(60));

        Assert.Equal(HttpStatusCode.BadRequest, response.Response.StatusCode);
        Assert.Equal("dataset: The tenant has no dataset 'shop' in the warehouse.", response.Body.Detail());
    }

    [Fact]
    public async Task PutFeatureService_UnknownViewOrFeature_400NamingIt()
    {
        using var client = fixture.Client(_tenant);
        await CustomerFeatures.DefineAsync(fixture, client, _tenant, "(1, '2024-01-01T10:00:00Z', 1.0, 1, 'a')");

        var unknownView = await client.PutJsonAsync("/feature-services/s", new { features = new[] { new { view = "nope", features = Array.Empty<string>() } } });
        var unknownFeature = await client.PutJsonAsync("/feature-services/s", new { features = new[] { new { view = "stats", features = new[] { "tenure" } } } });

        Assert.Equal("features[0].view: the tenant has no feature view 'nope'.", unknownView.Body.Detail());
        Assert.Equal("features[0].features[0]: feature view 'stats' has no feature 'tenure'.", unknownFeature.Body.Detail());
    }

    [Fact]
    public async Task Routes_NeedTheirScopes()
    {
        using var reader = fixture.Client(_tenant, "features:read");

        var put = await reader.PutJsonAsync("/entities/customer", new { joinKeys = new[] { "id" } });
        var list = await reader.GetJsonAsync("/entities");
        var lookup = await reader.PostJsonAsync("/online-features", new { featureService = "none", entities = new[] { new { id = 1 } } });
        var build = await reader.PostJsonAsync("/training-sets", new { featureService = "none" });

        Assert.Equal(HttpStatusCode.Forbidden, put.Response.StatusCode);
        Assert.Contains("'features:write'", put.Body.Detail());
        Assert.Equal(HttpStatusCode.OK, list.Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, lookup.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, build.Response.StatusCode);
    }
}
