namespace MlOps.Gateway.Model;

/// <summary>Scopes a key can hold; admin may manage keys and call everything but /v1, which needs a virtual key.</summary>
public static class ApiKeyScopes
{
    public const string Admin = "admin";

    /// <summary>A virtual key: may call the OpenAI-compatible /v1 routes under its LLM policy.</summary>
    public const string Llm = "llm";
}
