namespace MlOps.GuardrailGateway.Guarding;

/// <summary>POST /v1/guard/scan: a text or chat messages, and the policy to apply (the tenant's "default" when omitted).</summary>
public sealed record ScanRequest(string? Text, IReadOnlyList<GuardMessage>? Messages, string? Policy);
