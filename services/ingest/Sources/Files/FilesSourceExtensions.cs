using System.ComponentModel.DataAnnotations;
using Amazon.S3;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MlOps.Ingest.Sources.Files;

public static class FilesSourceExtensions
{
    /// <summary>Registers <see cref="FilesSourceFactory"/>, the local upload store and the S3 client, from MlOps:Ingest.</summary>
    public static IHostApplicationBuilder AddFilesSource(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FilesSourceOptions>()
            .BindConfiguration(FilesSourceOptions.SectionName)
            .Validate(options => IsValid(options.S3) && IsValid(options.FileLimits),
                "MlOps:Ingest:S3 or MlOps:Ingest:FileLimits has a value out of range")
            .ValidateOnStart();
        builder.Services.AddSingleton<IUploadStore, LocalUploadStore>();
        builder.AddRetention();
        builder.Services.AddSingleton(services => UploadRetention.Rule(services.GetRequiredService<IOptions<FilesSourceOptions>>()));
        builder.Services.AddSingleton(services =>
            new Lazy<IAmazonS3>(() => CreateS3(services.GetRequiredService<IOptions<FilesSourceOptions>>().Value.S3)));
        builder.Services.AddSingleton<FileLocator>();
        builder.Services.AddSingleton<FilesSourceFactory>();
        builder.Services.AddSingleton<ISourceFactory, FilesSourceType>();
        return builder;
    }

    private static bool IsValid(object options) =>
        Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true);

    /// <summary>The client for `s3` locations; the endpoint is operator configuration, never a user's.</summary>
    public static IAmazonS3 CreateS3(FilesS3Options options) => MlOps.Storage.S3Clients.Create(options);
}
