namespace MlOps.GuardrailGateway.Model;

/// <summary>A tenant's guardrail policy: which scanners run and what happens on a finding.</summary>
public sealed record PolicyResponse
{
    public const string SelectFrom =
        "SELECT id, name, action, scanners, created_at AS CreatedAt FROM policies";

    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public required string Action { get; init; }
    // Dapper reads text[] as System.Array, which only property assignment (not a constructor) accepts.
    public required string[] Scanners { get; init; }
    public required DateTime CreatedAt { get; init; }
}
