namespace MlOps.Registry.Model;

/// <summary>An admin's explicit decision to move champion past failing gate checks, and why (kept in the audit log).</summary>
public sealed record GateOverride(string? Reason);
