using MlOps.Registry.Model;

namespace MlOps.Registry.Services;

/// <summary>What an alias move did, with the alias as it now stands, the gate's checks, or the current revision when a condition failed.</summary>
public sealed record AliasMove(AliasMoveOutcome Outcome, AliasResponse? Alias, long? CurrentRevision = null, IReadOnlyList<GateCheck>? Checks = null)
{
    public static AliasMove Failed(AliasMoveOutcome outcome, long? currentRevision = null) => new(outcome, null, currentRevision);
}
