using Amazon.S3;
using Microsoft.Extensions.Options;
using MlOps.Registry.Artifacts;

namespace MlOps.Registry.Extensions;

public static class ArtifactStoreExtensions
{
    /// <summary>The local file system store, or an S3-compatible bucket (with the local store as its cache) when MlOps:Registry:Store is s3.</summary>
    public static void AddArtifactStore(this IHostApplicationBuilder builder)
    {
        var root = builder.Configuration[$"{RegistryOptions.SectionName}:ArtifactRoot"] ?? Path.Combine(builder.Environment.ContentRootPath, ".artifacts");
        builder.Services.AddSingleton(new LocalArtifactStore(root));
        if (!string.Equals(builder.Configuration[$"{RegistryOptions.SectionName}:Store"], "s3", StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddSingleton<IArtifactStore>(services => services.GetRequiredService<LocalArtifactStore>());
            return;
        }
        builder.Services.AddOptions<S3StoreOptions>().BindConfiguration(S3StoreOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(services => MlOps.Storage.S3Clients.Create(services.GetRequiredService<IOptions<S3StoreOptions>>().Value));
        builder.Services.AddSingleton<IArtifactStore>(services => new S3ArtifactStore(
            services.GetRequiredService<IAmazonS3>(), services.GetRequiredService<IOptions<S3StoreOptions>>().Value.Bucket, services.GetRequiredService<LocalArtifactStore>()));
    }
}
