using Microsoft.Extensions.DependencyInjection;
using MlOps.ServiceDefaults.Outbound;

namespace MlOps.Ingest.Sources.Postgres;

public static class PostgresSourceExtensions
{
    /// <summary>Registers <see cref="PostgresSourceFactory"/>; user hosts pass MlOps:Outbound's rules (public, or allow-listed).</summary>
    public static IHostApplicationBuilder AddPostgresSource(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<PostgresHostGuard>();
        builder.Services.AddSingleton<PostgresSourceFactory>();
        builder.Services.AddSingleton<ISourceFactory, PostgresSourceType>();
        return builder;
    }
}
