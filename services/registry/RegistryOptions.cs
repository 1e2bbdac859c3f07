using System.ComponentModel.DataAnnotations;

namespace MlOps.Registry;

/// <summary>Registry settings, bound from MlOps:Registry.</summary>
public sealed class RegistryOptions
{
    public const string SectionName = "MlOps:Registry";

    /// <summary>local (the file system under ArtifactRoot) or s3 (the bucket in MlOps:Registry:S3, with ArtifactRoot as its cache).</summary>
    [AllowedValues("local", "s3")]
    public string Store { get; set; } = "local";

    /// <summary>Folder of the local artifact store; default .mlops/artifacts under the content root's repository.</summary>
    public string? ArtifactRoot { get; set; }

    /// <summary>Largest accepted artifact upload.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxArtifactBytes { get; set; } = 2L * 1024 * 1024 * 1024;
}
