namespace MlOps.GuardrailGateway.Guarding;

/// <summary>One chat message to guard: its role decides which scanners apply (tool and context content get the context scanner).</summary>
public sealed record GuardMessage(string? Role, string? Content);
