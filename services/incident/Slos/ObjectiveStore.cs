using MlOps.Incident.Definitions;
using Npgsql;

namespace MlOps.Incident.Slos;

/// <summary>A tenant's service-level objectives, versioned.</summary>
public sealed class ObjectiveStore(NpgsqlDataSource db) : VersionedStore(db, "slos", 100)
{
    /// <summary>The tenant's live objectives.</summary>
    public async Task<IReadOnlyList<Objective>> ObjectivesAsync(string tenant, CancellationToken cancellationToken) =>
        (await ListAsync(tenant, cancellationToken)).Select(d => d.As<Objective>()!).ToList();
}
