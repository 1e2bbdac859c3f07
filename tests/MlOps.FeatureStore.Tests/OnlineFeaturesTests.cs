using System.Globalization;
using System.Net;
using System.Text.Json;

namespace MlOps.FeatureStore.Tests;

/// <summary>Online lookups: bad input named, values past the TTL answered as missing with their freshness.</summary>
[Collection(FeatureStoreCollection.Name)]
public sealed class OnlineFeaturesTests(FeatureStoreFixture fixture)
{
    private readonly string _tenant = FeatureStoreFixture.NewTenant();

    [Theory]
    [MemberData(nameof(FeatureStoreFixture.Stores), MemberType = typeof(FeatureStoreFixture))]
    public async Task Lookup_BadInput_4xxNamingIt(string store)
    {
        using var client = fixture.StoreClient(store, _tenant);
        await CustomerFeatures.DefineAsync(fixture, client, _tenant, "(1, '2024-03-01T10:00:00Z', 1.0, 1, 'a')");

        var unknown = await client.PostJsonAsync("/online-features", new { featureService = "fraud", entities = new[] { new { customer_id = 1 } } });
        var noKey = await client.PostJsonAsync("/online-features", new { featureService = "churn", entities = new[] { new { customer = 1 } } });
        var none = await client.PostJsonAsync("/online-features", new { featureService = "churn", entities = Array.Empty<object>() });

        Assert.Equal(HttpStatusCode.NotFound, unknown.Response.StatusCode);
        Assert.Equal("featureService: the tenant has no feature service 'fraud'.", unknown.Body.Detail());
        Assert.Equal(HttpStatusCode.BadRequest, noKey.Response.StatusCode);
        Assert.StartsWith("entities[0].customer_id:", noKey.Body.Detail());
        Assert.Equal(HttpStatusCode.BadRequest, none.Response.StatusCode);
        Assert.StartsWith("entities:", none.Body.Detail());
    }

    [Theory]
    [MemberData(nameof(FeatureStoreFixture.Stores), MemberType = typeof(FeatureStoreFixture))]
    public async Task Lookup_ValueOlderThanTheTtl_IsMissingWithItsFreshness(string store)
    {
        using var client = fixture.StoreClient(store, _tenant);
        var old = DateTime.UtcNow.AddHours(-2);
        old = old.AddTicks(-(old.Ticks % TimeSpan.TicksPerSecond));
        await CustomerFeatures.DefineAsync(fixture, client, _tenant, $"(1, '{old.ToString("O", CultureInfo.InvariantCulture)}', 1.0, 1, 'a')", ttlSeconds: 3600);
        await Materializations.RunAsync(client);

        var result = (await Materializations.LookupAsync(client, "churn", new { customer_id = 1 })).GetProperty("results")[0];

        Assert.Equal("missing", result.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("values").GetProperty("stats__spend").ValueKind);
        Assert.True(result.GetProperty("freshness").GetProperty("stats").GetProperty("expired").GetBoolean());
        Assert.Equal(old, result.GetProperty("freshness").GetProperty("stats").GetProperty("eventTime").GetDateTime().ToUniversalTime());
    }
}
