namespace MlOps.Registry.Model;

/// <summary>A registered model: the named home of its versions.</summary>
public sealed record RegisteredModelResponse(Guid Id, string Name, string Description, DateTime CreatedAt, DateTime UpdatedAt)
{
    public const string SelectFrom =
        "SELECT id, name, description, created_at AS CreatedAt, updated_at AS UpdatedAt FROM registered_models";
}
