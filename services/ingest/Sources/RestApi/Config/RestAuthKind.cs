namespace MlOps.Ingest.Sources.RestApi;

/// <summary>dlt's `auth.type` values that a JSON config can carry.</summary>
public enum RestAuthKind
{
    Bearer,
    ApiKey,
    HttpBasic,
}
