using MlOps.Incident.Definitions;
using Npgsql;

namespace MlOps.Incident.Runbooks;

/// <summary>A tenant's runbooks, versioned.</summary>
public sealed class RunbookStore(NpgsqlDataSource db) : VersionedStore(db, "runbooks", 100);
