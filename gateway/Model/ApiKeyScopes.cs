namespace MlOps.Gateway.Model;

/// <summary>Scopes a key can hold; admin may manage keys and call everything.</summary>
public static class ApiKeyScopes
{
    public const string Admin = "admin";
}
