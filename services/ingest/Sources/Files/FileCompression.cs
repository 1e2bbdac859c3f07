namespace MlOps.Ingest.Sources.Files;

public enum FileCompression
{
    /// <summary>gzip when the name ends with .gz.</summary>
    Auto,
    None,
    Gzip,
}
