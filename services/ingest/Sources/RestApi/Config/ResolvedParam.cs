namespace MlOps.Ingest.Sources.RestApi;

/// <summary>
/// A value taken from each parent item: a legacy `{"type": "resolve"}` param (placeholder = the param name) or a
/// `{resources.parent.field}` expression (placeholder = the whole expression).
/// </summary>
public sealed record ResolvedParam(string Placeholder, string Resource, JsonPath Field);
