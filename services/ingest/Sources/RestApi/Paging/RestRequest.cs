namespace MlOps.Ingest.Sources.RestApi;

/// <summary>The next request of a paginated read: its URL and the query params added to it (set, not appended, by paginators).</summary>
internal sealed class RestRequest(Uri url)
{
    public Uri Url { get; set; } = url;

    public List<KeyValuePair<string, string>> Params { get; } = [];

    public void Set(string name, string value)
    {
        Params.RemoveAll(p => p.Key == name);
        Params.Add(KeyValuePair.Create(name, value));
    }

    /// <summary>The URL with the params appended to its own query, as requests does.</summary>
    public Uri FullUrl(IEnumerable<KeyValuePair<string, string>> extra)
    {
        var query = string.Join('&', Params.Concat(extra).Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        if (query.Length == 0)
        {
            return Url;
        }
        var builder = new UriBuilder(Url);
        builder.Query = builder.Query.Length > 1 ? $"{builder.Query[1..]}&{query}" : query;
        return builder.Uri;
    }
}
