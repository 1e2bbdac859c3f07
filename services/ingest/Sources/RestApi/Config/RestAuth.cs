using System.Text;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>How requests authenticate: a bearer token, an API key in a header or the query, or HTTP basic.</summary>
public sealed record RestAuth(RestAuthKind Kind)
{
    public string Token { get; init; } = "";

    /// <summary>api_key: the header or query parameter name (dlt's default: Authorization).</summary>
    public string Name { get; init; } = "Authorization";

    public string ApiKey { get; init; } = "";

    /// <summary>api_key: true when the key goes in the query string rather than a header.</summary>
    public bool InQuery { get; init; }

    public string Username { get; init; } = "";

    public string Password { get; init; } = "";

    /// <summary>The header this auth adds, or null when it adds a query parameter instead.</summary>
    public (string Name, string Value)? Header => Kind switch
    {
        RestAuthKind.Bearer => ("Authorization", $"Bearer {Token}"),
        RestAuthKind.HttpBasic => ("Authorization", $"Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"))}"),
        _ when !InQuery => (Name, ApiKey),
        _ => null,
    };

    /// <summary>The query parameter this auth adds, or null.</summary>
    public (string Name, string Value)? QueryParam => Kind == RestAuthKind.ApiKey && InQuery ? (Name, ApiKey) : null;

    // Secrets stay out of logs and exception messages that print records.
    public override string ToString() => $"RestAuth {{ Kind = {Kind} }}";
}
