using Microsoft.Extensions.DependencyInjection.Extensions;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Normalize;

namespace MlOps.Ingest.Warehouse;

public static class WarehouseRegistration
{
    /// <summary>The warehouse destination (`ConnectionStrings:warehouse`) and the load engine; needs an <see cref="IBatchNormalizerFactory"/>.</summary>
    public static IHostApplicationBuilder AddWarehouse(this IHostApplicationBuilder builder)
    {
        builder.RequireConfiguration("the warehouse database ingest loads into (owned by ingest's role)", $"ConnectionStrings:{PostgresWarehouse.ConnectionName}");
        builder.AddKeyedNpgsqlDataSource(PostgresWarehouse.ConnectionName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ILoadDestination, PostgresWarehouse>();
        builder.Services.AddSingleton<ILoadEngine, LoadEngine>();
        return builder;
    }
}
