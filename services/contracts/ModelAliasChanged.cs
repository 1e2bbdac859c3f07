namespace MlOps.Contracts;

/// <summary>An alias such as champion moved from one version to another.</summary>
public sealed record ModelAliasChanged : IntegrationMessage
{
    /// <summary>Registered model name.</summary>
    public required string ModelName { get; init; }
    /// <summary>Alias name, for example champion or challenger.</summary>
    public required string Alias { get; init; }
    /// <summary>Version the alias pointed to before, if any.</summary>
    public int? OldVersion { get; init; }
    /// <summary>Version the alias points to now; null when the alias was removed.</summary>
    public int? NewVersion { get; init; }
}
