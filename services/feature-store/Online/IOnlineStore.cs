using MlOps.FeatureStore.Definitions;
using Npgsql;

namespace MlOps.FeatureStore.Online;

/// <summary>Where materialized features live (PostgreSQL by default, Redis when configured): read by lookups, written by materialization.</summary>
public interface IOnlineStore
{
    /// <summary>
    /// One read for all of a lookup: <paramref name="keys"/>[n × views + v] is entity n's key in view v; the answer is indexed alike,
    /// null where nothing is stored.
    /// </summary>
    Task<StoredFeatures?[]> ReadAsync(string tenant, IReadOnlyList<ResolvedView> views, string[] keys, CancellationToken cancellationToken);

    /// <summary>Whether the store still holds the view as its watermark says (false: it must be materialized in full again).</summary>
    Task<bool> HoldsAsync(string tenant, string view, int version, DateTime? watermark, CancellationToken cancellationToken);

    /// <summary>
    /// Starts writing one view's latest values inside the materialization's transaction (which holds the watermark row);
    /// lookups see nothing of it until the writer completes, and all of it then.
    /// </summary>
    Task<IOnlineWriter> BeginAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, ResolvedView view, bool full, DateTime now,
        CancellationToken cancellationToken);
}
