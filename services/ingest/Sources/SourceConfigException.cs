namespace MlOps.Ingest.Sources;

/// <summary>A source or destination configuration is invalid; answered as 400 naming the field (a JSON path like `resources[0].endpoint.paginator.type`).</summary>
public sealed class SourceConfigException(string field, string message) : Exception($"{field}: {message}")
{
    public string Field { get; } = field;
}
