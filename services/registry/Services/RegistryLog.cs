namespace MlOps.Registry.Services;

public static partial class RegistryLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Error, Message = "Stored artifact of {Model} v{Version} fails its digest check (expected sha256 {Digest}); refusing to serve it")]
    public static partial void ArtifactTampered(ILogger logger, string model, int version, string digest);
}
