namespace MlOps.Ingest.Sources.RestApi;

/// <summary>One request, whatever paging metadata the answer carries.</summary>
internal sealed class SinglePagePaginator : Paginator
{
    public override void Update(RestAnswer answer, int items) => HasNextPage = false;

    public override void Next(RestRequest request)
    {
    }
}
