using System.Text.Json.Nodes;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>
/// dlt's `endpoint`: path (placeholders kept, static path params already bound), method, query params (resolve params
/// removed; an incremental param kept as its name in <see cref="IncrementalParam"/>), body, selector and paginator.
/// </summary>
public sealed record RestEndpointConfig
{
    public required string Path { get; init; }

    /// <summary>The configured path before any placeholder or param is filled, without a query: what logs and errors show.</summary>
    public required string PathTemplate { get; init; }

    public HttpMethod Method { get; init; } = HttpMethod.Get;

    /// <summary>Query parameters: scalars, arrays of scalars; strings may hold placeholders.</summary>
    public JsonObject Params { get; init; } = [];

    public JsonNode? Json { get; init; }

    /// <summary>`data`: a form (object) or a raw body (string).</summary>
    public JsonNode? Data { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public RestAuth? Auth { get; init; }

    /// <summary>Where the items are; null detects them as dlt does (the first list under a data-like key).</summary>
    public JsonPath? DataSelector { get; init; }

    public PaginatorSpec? Paginator { get; init; }

    public IReadOnlyList<ResponseActionSpec> ResponseActions { get; init; } = [];

    public IncrementalSpec? Incremental { get; init; }

    /// <summary>The param given as `{"type": "incremental"}`, which carries the start value; null otherwise.</summary>
    public string? IncrementalParam { get; init; }
}
