namespace MlOps.Registry.Services;

public enum AliasMoveOutcome
{
    Moved,
    Removed,
    Unchanged,
    ModelNotFound,
    VersionNotFound,
    AliasNotFound,
    RevisionMismatch,
    GateFailed,
    NoRollbackTarget,
}
