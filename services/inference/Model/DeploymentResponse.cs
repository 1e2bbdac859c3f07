namespace MlOps.Inference.Model;

/// <summary>A model version the inference service serves under an alias.</summary>
public sealed record DeploymentResponse(Guid Id, string ModelName, string Alias, int Version, string Status, DateTime UpdatedAt)
{
    public const string SelectFrom =
        "SELECT id, model_name AS ModelName, alias, version, status, updated_at AS UpdatedAt FROM deployments";
}
