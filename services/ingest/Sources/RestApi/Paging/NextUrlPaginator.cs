namespace MlOps.Ingest.Sources.RestApi;

/// <summary>json_link and header_link: follow the next page's URL (relative ones against the current URL), params cleared.</summary>
internal sealed class NextUrlPaginator(Func<RestAnswer, string?> next) : Paginator
{
    private string? _next;

    public override void Update(RestAnswer answer, int items)
    {
        _next = next(answer);
        HasNextPage = _next is not null;
    }

    public override void Next(RestRequest request)
    {
        if (_next is null)
        {
            return;
        }
        if (!Uri.TryCreate(request.Url, _next, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new InvalidDataException("the next page link is not an http(s) URL");
        }
        request.Url = url;
        // dlt clears the params: the next link already carries them.
        request.Params.Clear();
    }
}
