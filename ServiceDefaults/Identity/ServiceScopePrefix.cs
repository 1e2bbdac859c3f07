namespace MlOps.ServiceDefaults.Identity;

/// <summary>The prefix of this service's scopes (<c>registry</c> for <c>registry:read</c>).</summary>
public sealed record ServiceScopePrefix(string Value);
