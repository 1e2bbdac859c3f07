using System.Net;
using System.Text;

namespace MlOps.FeatureStore.Tests;

/// <summary>
/// Bodies that break a rule are refused by AddValidation before anything is looked up: 400 ProblemDetails whose errors name the JSON
/// field and whose detail says why, and nothing stored.
/// </summary>
[Collection(FeatureStoreCollection.Name)]
public sealed class BadBodyTests(FeatureStoreFixture fixture)
{
    private readonly string _tenant = FeatureStoreFixture.NewTenant();

    public static TheoryData<string, string, string, string> BadBodies => new()
    {
        { "PUT", "/entities/customer", """{"joinKeys": ["id", null]}""", "joinKeys[1]" },
        { "PUT", "/entities/customer", """{"joinKeys": ["id", "id"]}""", "joinKeys" },
        { "PUT", "/entities/bad-name", """{"joinKeys": ["id"]}""", "name" },
        {
            "PUT", "/feature-views/stats",
            """{"dataset": "shop", "table": "t", "entities": ["customer"], "timestampColumn": "ts", "ttlSeconds": 60, "features": [null]}""",
            "features[0]"
        },
        {
            "PUT", "/feature-views/stats",
            """{"dataset": "shop", "table": "t", "entities": ["customer"], "timestampColumn": "ts", "ttlSeconds": 60, "features": [{"name": "x", "type": "blob"}]}""",
            "features[0].type"
        },
        { "PUT", "/feature-views/stats", """{"table": "t", "entities": ["customer"], "timestampColumn": "ts", "ttlSeconds": 60, "features": [{"name": "x", "type": "int64"}]}""", "dataset" },
        { "PUT", "/feature-services/churn", """{"features": [null]}""", "features[0]" },
        { "PUT", "/feature-services/churn", """{"features": [{"view": "stats"}, {"view": "stats"}]}""", "features[1].view" },
        { "POST", "/training-sets", """{"featureService": "churn", "entityRows": [null]}""", "entityRows[0]" },
        { "POST", "/training-sets", """{"featureService": "churn", "entityRows": [], "entityTable": {"dataset": "shop", "table": "t"}}""", "entityRows" },
        { "POST", "/training-sets", """{"featureService": "churn", "entityTable": {"dataset": "shop"}}""", "entityTable" },
        { "POST", "/training-sets", """{"featureService": "no such", "entityRows": [{"id": 1}]}""", "featureService" },
        { "POST", "/online-features", """{"featureService": "churn", "entities": [{"id": 1}, null]}""", "entities[1]" },
        { "POST", "/online-features", """{"featureService": "churn", "entities": []}""", "entities" },
        { "POST", "/materializations", """{"views": ["stats", "not a view"]}""", "views[1]" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Request_BreakingARule_400NamingTheJsonField(string method, string path, string body, string field)
    {
        using var client = fixture.Client(_tenant);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        }, TestContext.Current.CancellationToken);
        var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.StartsWith(field + ": ", problem.Detail());
    }

    [Fact]
    public async Task PutEntity_Refused_StoresNoVersion()
    {
        using var client = fixture.Client(_tenant);

        var refused = await client.PutJsonAsync("/entities/customer", new { joinKeys = new[] { "a b" } });
        var versions = await client.GetJsonAsync("/entities/customer/versions");

        Assert.Equal(HttpStatusCode.BadRequest, refused.Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, versions.Response.StatusCode);
    }
}
