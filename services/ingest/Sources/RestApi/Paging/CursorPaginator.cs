namespace MlOps.Ingest.Sources.RestApi;

/// <summary>dlt's cursor paginator (JSONResponseCursorPaginator): the cursor from the body goes into a query param.</summary>
internal sealed class CursorPaginator(PaginatorSpec spec) : Paginator
{
    private string? _cursor;

    public override void Update(RestAnswer answer, int items)
    {
        _cursor = answer.Body.ValueKind == System.Text.Json.JsonValueKind.Object ? Text(spec.CursorPath!.First(answer.Body)) : null;
        HasNextPage = _cursor is not null;
    }

    public override void Next(RestRequest request)
    {
        if (_cursor is not null)
        {
            request.Set(spec.CursorParam, _cursor);
        }
    }
}
