using System.Text.Json;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>
/// dlt's paginator protocol: <see cref="Init"/> the first request, then per answer <see cref="Update"/> (may end the pages;
/// throws <see cref="InvalidDataException"/> for an answer it cannot page on) and <see cref="Next"/> the following request.
/// </summary>
internal abstract class Paginator
{
    public bool HasNextPage { get; protected set; } = true;

    public virtual void Init(RestRequest request)
    {
    }

    public abstract void Update(RestAnswer answer, int items);

    public abstract void Next(RestRequest request);

    public static Paginator? Create(PaginatorSpec spec) => spec.Kind switch
    {
        PaginatorKind.Auto => null,
        PaginatorKind.SinglePage => new SinglePagePaginator(),
        PaginatorKind.JsonLink => new NextUrlPaginator(a => a.Body.ValueKind == JsonValueKind.Object ? Text(spec.NextUrlPath!.First(a.Body)) : null),
        PaginatorKind.HeaderLink => new NextUrlPaginator(a => LinkHeader.Find(a.Header("Link"), spec.LinksNextKey)),
        PaginatorKind.Cursor => new CursorPaginator(spec),
        _ => new RangePaginator(spec),
    };

    /// <summary>dlt's detection on the first answer: a Link header with rel=next, a next-like URL in the body, else one page.</summary>
    public static Paginator Detect(RestAnswer answer)
    {
        if (LinkHeader.Find(answer.Header("Link"), "next") is not null)
        {
            return Create(new PaginatorSpec(PaginatorKind.HeaderLink))!;
        }
        if (NextUrlFinder.Find(answer.Body) is { } path)
        {
            return Create(new PaginatorSpec(PaginatorKind.JsonLink) { NextUrlPath = path })!;
        }
        return new SinglePagePaginator();
    }

    public static string? Text(JsonElement? value) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { ValueKind: JsonValueKind.String } v => v.GetString() is { Length: > 0 } s ? s : null,
        { } v => v.GetRawText(),
    };
}
