namespace MlOps.Registry.Model;

/// <summary>A registered model: the named home of its versions, with its tags and where its aliases point.</summary>
public sealed record RegisteredModelResponse(
    Guid Id, string Name, string Description, IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, int> Aliases, int? LatestVersion, DateTime CreatedAt, DateTime UpdatedAt);
