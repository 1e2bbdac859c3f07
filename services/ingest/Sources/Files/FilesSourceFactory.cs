using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MlOps.Ingest.Sources.Files;

/// <summary>Makes a <see cref="FilesSource"/> from its JSON configuration; a bad configuration throws <see cref="SourceConfigException"/>.</summary>
public sealed class FilesSourceFactory(FileLocator locator, IOptions<FilesSourceOptions> options, ILogger<FilesSource> logger)
{
    public const string SourceType = "files";

    public FilesSourceConfig Parse(JsonElement config) => FilesSourceConfig.Parse(config, options.Value.S3.AllowedBuckets);

    public IPipelineSource Create(JsonElement config) => new FilesSource(Parse(config), locator, options.Value.FileLimits, logger);
}
