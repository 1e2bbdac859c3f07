using System.Net;
using MlOps.Contracts;
using MlOps.TestSupport;

namespace MlOps.FeatureStore.Tests;

/// <summary>The feature store reads the warehouse as the caller's tenant's role; what that role may not read is a 400 naming the table.</summary>
[Collection(FeatureStoreCollection.Name)]
public sealed class WarehouseRoleTests(FeatureStoreFixture fixture)
{
    private readonly string _tenant = FeatureStoreFixture.NewTenant();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateTrainingSet_SchemaTheTenantsRoleLostUsageOn_400NamingTheTable()
    {
        using var client = fixture.Client(_tenant);
        await CustomerFeatures.DefineAsync(fixture, client, _tenant, "(1, '2024-03-01T10:00:00Z', 1.0, 1, 'a')");
        await using (var loader = await fixture.Warehouse.OpenLoaderAsync(Token))
        {
            // The table's SELECT grant stays (the catalog still lists its columns); the query itself is refused.
            await ReadOnlyWarehouse.ExecuteAsync(loader,
                $"REVOKE USAGE ON SCHEMA \"{WarehouseNames.Schema(_tenant, "shop")}\" FROM \"{await fixture.Warehouse.TenantRoleAsync(_tenant, Token)}\"",
                Token);
        }

        var (response, body) = await client.PostJsonAsync("/training-sets", new
        {
            featureService = "churn", entityRows = new[] { new { customer_id = 1, event_timestamp = "2024-03-01T11:00:00Z" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("featureService (stats).table: The feature store may not read table 'customer_stats' of dataset 'shop' "
            + "(the tenant's warehouse role has no grant on it).", body.Detail());
    }

    [Fact]
    public async Task DefineView_DatasetOnlyAnotherTenantHas_400NamingTheDataset()
    {
        using var owner = fixture.Client(_tenant);
        await CustomerFeatures.DefineAsync(fixture, owner, _tenant, "(1, '2024-03-01T10:00:00Z', 1.0, 1, 'a')");
        var other = FeatureStoreFixture.NewTenant();
        using var client = fixture.Client(other);
        await client.PutJsonAsync("/entities/customer", new { name = "customer", joinKeys = new[] { "customer_id" } });

        var (response, body) = await client.PutJsonAsync("/feature-views/stats", CustomerFeatures.View(7200));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("dataset: The tenant has no dataset 'shop' in the warehouse.", body.Detail());
    }
}
