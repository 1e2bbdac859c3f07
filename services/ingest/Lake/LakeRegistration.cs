using Amazon.S3;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MlOps.Ingest.Sources.Files;
using MlOps.Ingest.Warehouse;

namespace MlOps.Ingest.Lake;

public static class LakeRegistration
{
    /// <summary>
    /// The Parquet lake (MlOps:Ingest:Lake, MlOps:Ingest:LakeRoot, the S3 client of MlOps:Ingest:S3) and the
    /// <see cref="DestinationRouter"/> as the engine's <see cref="ILoadDestination"/>; call after AddWarehouse.
    /// </summary>
    public static IHostApplicationBuilder AddLake(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LakeOptions>()
            .BindConfiguration(LakeOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) => options.Root ??= configuration[LakeOptions.RootKey])
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        // The same client the files source reads S3 with (whichever registration comes first).
        builder.Services.TryAddSingleton(services => new Lazy<IAmazonS3>(() => FilesSourceExtensions.CreateS3(
            services.GetRequiredService<IConfiguration>().GetSection("MlOps:Ingest:S3").Get<FilesS3Options>() ?? new FilesS3Options())));
        builder.Services.TryAddSingleton<PostgresWarehouse>();
        builder.Services.AddSingleton<ParquetLake>();
        builder.Services.Replace(ServiceDescriptor.Singleton<ILoadDestination, DestinationRouter>());
        return builder;
    }
}
