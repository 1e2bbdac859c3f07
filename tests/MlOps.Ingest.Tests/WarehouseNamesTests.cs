using MlOps.Contracts;

namespace MlOps.Ingest.Tests;

public sealed class WarehouseNamesTests
{
    [Theory]
    [InlineData("CustomerOrders", "customer_orders")]
    [InlineData("order-items v2", "order_items_v2")]
    [InlineData("2024 sales", "_2024_sales")]
    [InlineData("userID", "user_id")]
    public void Identifier_SourceNames_SnakeCase(string name, string expected) => Assert.Equal(expected, WarehouseNames.Identifier(name));

    [Fact]
    public void Schema_LongerThanPostgresAllows_ShortenedWithAStableHash()
    {
        var schema = WarehouseNames.Schema(new string('t', 40), new string('d', 40));

        Assert.Equal(63, schema.Length);
        Assert.Equal(schema, WarehouseNames.Schema(new string('t', 40), new string('d', 40)));
        Assert.NotEqual(schema, WarehouseNames.Schema(new string('t', 40), new string('d', 41)));
    }

    [Fact]
    public void Schema_TenantsThatSnakeCaseAlike_GetDifferentSchemas()
    {
        Assert.Equal("admin__demo", WarehouseNames.Schema("admin", "demo"));
        Assert.NotEqual(WarehouseNames.Schema("a_b", "c"), WarehouseNames.Schema("a-b", "c"));
        Assert.NotEqual(WarehouseNames.Schema("a_b", "c"), WarehouseNames.Schema("a__b", "c"));
        Assert.NotEqual(WarehouseNames.Schema("a", "b__c"), WarehouseNames.Schema("a__b", "c"));
        Assert.StartsWith("a_b__c__h", WarehouseNames.Schema("a-b", "c"));
    }

    [Fact]
    public void Schema_ADatasetNamedLikeAnotherTenantsHashedSchema_StillGetsItsOwn()
    {
        var victim = WarehouseNames.Schema("Team-A", "loans");
        var suffix = victim["team_a__".Length..];

        Assert.NotEqual(victim, WarehouseNames.Schema("team_a", suffix));
        Assert.NotEqual(victim, WarehouseNames.Schema("team_a", suffix.Replace("__", "_", StringComparison.Ordinal)));
    }

    [Fact]
    public void Schema_TenantWithPostgresReservedPrefix_IsMovedOutOfIt()
    {
        Assert.StartsWith("t_pg_x__d__h", WarehouseNames.Schema("pg_x", "d"));
    }
}
