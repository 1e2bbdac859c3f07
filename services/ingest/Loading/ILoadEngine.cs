using MlOps.Ingest.Sources;

namespace MlOps.Ingest.Loading;

/// <summary>
/// Runs one load: reads the committed state, reads the source, normalizes (types, nesting, contracts), writes the
/// destination and commits rows, state, schema version and the `_dlt_loads` row together.
/// </summary>
public interface ILoadEngine
{
    Task<LoadOutcome> RunAsync(LoadJob job, IPipelineSource source, CancellationToken cancellationToken);
}
