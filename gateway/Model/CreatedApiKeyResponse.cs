namespace MlOps.Gateway.Model;

/// <summary>The answer to creating a key: the only time the secret is shown.</summary>
public sealed record CreatedApiKeyResponse(ApiKeyResponse Key, string Secret);
