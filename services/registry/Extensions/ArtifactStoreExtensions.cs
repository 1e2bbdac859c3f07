using Amazon.Runtime;
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
        builder.Services.AddSingleton<IAmazonS3>(services =>
        {
            var options = services.GetRequiredService<IOptions<S3StoreOptions>>().Value;
            var config = new AmazonS3Config
            {
                ForcePathStyle = options.ForcePathStyle,
                // Checksums only where S3 requires them: S3-compatible servers often reject the newer trailing checksums.
                RequestChecksumCalculation = Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = Amazon.Runtime.ResponseChecksumValidation.WHEN_REQUIRED,
            };
            if (string.IsNullOrEmpty(options.ServiceUrl))
            {
                config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
            }
            else
            {
                config.ServiceURL = options.ServiceUrl;
                config.AuthenticationRegion = options.Region;
            }
            return string.IsNullOrEmpty(options.AccessKey)
                ? new AmazonS3Client(config)
                : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
        });
        builder.Services.AddSingleton<IArtifactStore>(services => new S3ArtifactStore(
            services.GetRequiredService<IAmazonS3>(), services.GetRequiredService<IOptions<S3StoreOptions>>().Value.Bucket, services.GetRequiredService<LocalArtifactStore>()));
    }
}
