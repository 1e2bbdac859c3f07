using MlOps.Ingest.Loading;

namespace MlOps.Ingest.Warehouse;

/// <summary>
/// One open load on a destination: batches are written as they come, nothing is visible until <see cref="CommitAsync"/>;
/// disposing an uncommitted writer rolls the load back.
/// </summary>
public interface ILoadWriter : IAsyncDisposable
{
    /// <summary>This load id already committed: nothing is written again.</summary>
    bool AlreadyLoaded { get; }

    /// <summary>When <see cref="AlreadyLoaded"/>: what that load wrote, as it committed it (null where not kept).</summary>
    LoadOutcome? CommittedOutcome { get; }

    /// <summary>The state and schema the last committed load left, read under the dataset's load lock.</summary>
    CommittedState Committed { get; }

    Task WriteAsync(NormalizedBatch batch, CancellationToken cancellationToken);

    Task<LoadOutcome> CommitAsync(LoadCommit commit, CancellationToken cancellationToken);
}
