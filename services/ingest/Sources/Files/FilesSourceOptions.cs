namespace MlOps.Ingest.Sources.Files;

/// <summary>Where the files source may read: MlOps:Ingest:FilesRoot, MlOps:Ingest:UploadsRoot and the S3 endpoint (operator configuration).</summary>
public sealed class FilesSourceOptions
{
    public const string SectionName = "MlOps:Ingest";

    /// <summary>`path` locations resolve under FilesRoot/&lt;tenant&gt;/ and never outside it; unset, path locations are refused.</summary>
    public string? FilesRoot { get; set; }

    /// <summary>Uploads live at UploadsRoot/&lt;tenant&gt;/&lt;upload id&gt;.</summary>
    public string UploadsRoot { get; set; } = Path.Combine(Path.GetTempPath(), "mlops-ingest-uploads");

    public FilesS3Options S3 { get; set; } = new();

    public FileReadLimits FileLimits { get; set; } = new();
}
