using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using MlOps.ServiceDefaults.Data;

namespace Microsoft.Extensions.Hosting;

public static partial class Extensions
{
    /// <summary>
    /// Registers the service's own PostgreSQL database (Npgsql data source with tracing and a health check)
    /// and migrates it at start: the database is created when missing, then the platform's and the service's
    /// embedded <c>Migrations/*.sql</c> scripts are applied once each, in name order.
    /// </summary>
    public static TBuilder AddServiceDatabase<TBuilder>(this TBuilder builder, string connectionName, Assembly migrationsAssembly)
        where TBuilder : IHostApplicationBuilder
    {
        builder.RequireConfiguration("the service's own PostgreSQL database (an Npgsql connection string)", $"ConnectionStrings:{connectionName}");
        Dapper.SqlMapper.AddTypeHandler(new JsonElementTypeHandler());
        // Hot queries are prepared on first use: fewer parse/plan round trips on every request path.
        builder.AddNpgsqlDataSource(connectionName, configureDataSourceBuilder: dataSource => dataSource.ConnectionStringBuilder.MaxAutoPrepare = 64);
        builder.Services.AddSingleton(new MigrationSource([typeof(DatabaseMigrator).Assembly, migrationsAssembly], connectionName));
        builder.Services.AddHostedService<DatabaseMigrator>();
        return builder;
    }
}
