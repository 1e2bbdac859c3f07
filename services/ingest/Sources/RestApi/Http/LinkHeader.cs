namespace MlOps.Ingest.Sources.RestApi;

/// <summary>RFC 8288 Link header entries (`&lt;url&gt;; rel="next", ...`), parsed as requests' response.links does.</summary>
internal static class LinkHeader
{
    /// <summary>The URL of the entry whose rel (any of its space-separated values) is <paramref name="rel"/>, or null.</summary>
    public static string? Find(string? header, string rel)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }
        var i = 0;
        while (i < header.Length)
        {
            var open = header.IndexOf('<', i);
            var close = open < 0 ? -1 : header.IndexOf('>', open);
            if (close < 0)
            {
                return null;
            }
            var url = header[(open + 1)..close].Trim();
            var nextEntry = header.IndexOf('<', close);
            var parameters = nextEntry < 0 ? header[(close + 1)..] : header[(close + 1)..nextEntry];
            foreach (var parameter in parameters.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = parameter.IndexOf('=');
                if (eq > 0 && parameter[..eq].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase)
                    && parameter[(eq + 1)..].Trim().Trim(',').Trim().Trim('"').Split(' ').Contains(rel, StringComparer.OrdinalIgnoreCase))
                {
                    return url;
                }
            }
            i = nextEntry < 0 ? header.Length : nextEntry;
        }
        return null;
    }
}
