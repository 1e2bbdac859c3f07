using System.ComponentModel.DataAnnotations;

namespace MlOps.Registry.Model;

/// <summary>
/// Point an alias at a version. Send If-Match with the alias's current revision to move it only if nobody else did.
/// Override (admin only, champion only) moves champion even when gate checks fail, with the reason audited.
/// </summary>
public sealed record SetAliasRequest([Range(1, int.MaxValue)] int Version, GateOverride? Override = null);
