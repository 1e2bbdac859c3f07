using System.ComponentModel.DataAnnotations;

namespace MlOps.Registry;

/// <summary>Registry settings, bound from MlOps:Registry.</summary>
public sealed class RegistryOptions
{
    public const string SectionName = "MlOps:Registry";

    /// <summary>local (the file system under ArtifactRoot) or s3 (the bucket in MlOps:Registry:S3, with ArtifactRoot as its cache).</summary>
    [AllowedValues("local", "s3")]
    public string Store { get; set; } = "local";

    /// <summary>Folder of the local artifact store (or the S3 store's cache); default .artifacts under the content root. The AppHost sets .mlops/data/artifacts.</summary>
    public string? ArtifactRoot { get; set; }

    /// <summary>Largest accepted artifact upload.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxArtifactBytes { get; set; } = 2L * 1024 * 1024 * 1024;
}
