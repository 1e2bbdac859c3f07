namespace MlOps.Contracts;

/// <summary>An inference replica started serving a model version under an alias (after loading and verifying it).</summary>
public sealed record ModelServing : IntegrationMessage
{
    /// <summary>Registered model name.</summary>
    public required string ModelName { get; init; }
    /// <summary>The alias served, for example champion.</summary>
    public required string Alias { get; init; }
    /// <summary>The version now answering requests for the alias on that replica.</summary>
    public required int Version { get; init; }
    /// <summary>The replica (host name) that swapped it in.</summary>
    public required string Replica { get; init; }
}
