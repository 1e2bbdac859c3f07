using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace MlOps.Ingest.Sources.Files;

/// <summary>Makes a <see cref="FilesSource"/> from its JSON configuration; a bad configuration throws <see cref="SourceConfigException"/>.</summary>
public sealed class FilesSourceFactory(FileLocator locator, ILogger<FilesSource> logger)
{
    public const string SourceType = "files";

    public IPipelineSource Create(JsonElement config) => new FilesSource(FilesSourceConfig.Parse(config), locator, logger);
}
