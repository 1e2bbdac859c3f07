namespace MlOps.Ingest.Sources.RestApi;

/// <summary>dlt's `client`: the base URL, headers, auth and default paginator of every resource.</summary>
public sealed record RestClientConfig
{
    public required Uri BaseUrl { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public RestAuth? Auth { get; init; }

    public PaginatorSpec? Paginator { get; init; }
}
