namespace MlOps.Ingest.Sources.RestApi;

/// <summary>A paginator as configured, with dlt's defaults for fields left out.</summary>
public sealed record PaginatorSpec(PaginatorKind Kind)
{
    public static PaginatorSpec Auto { get; } = new(PaginatorKind.Auto);

    /// <summary>json_link: where the next page's URL is.</summary>
    public JsonPath? NextUrlPath { get; init; }

    /// <summary>header_link: the `rel` of the Link header entry to follow.</summary>
    public string LinksNextKey { get; init; } = "next";

    /// <summary>offset and page_number: the query parameter carrying the offset or page.</summary>
    public string? Param { get; init; }

    /// <summary>offset: the page size and its parameter.</summary>
    public long Limit { get; init; }

    public string LimitParam { get; init; } = "limit";

    /// <summary>offset: the first offset; page_number: the first page.</summary>
    public long Initial { get; init; }

    /// <summary>page_number: the number of the first page (base_page).</summary>
    public long BasePage { get; init; }

    /// <summary>offset and page_number: where the total (items or pages) is; null when not given.</summary>
    public JsonPath? TotalPath { get; init; }

    /// <summary>offset: maximum_offset; page_number: maximum_page.</summary>
    public long? Maximum { get; init; }

    public bool StopAfterEmptyPage { get; init; } = true;

    /// <summary>cursor: where the next cursor is, and the parameter sending it.</summary>
    public JsonPath? CursorPath { get; init; }

    public string CursorParam { get; init; } = "after";
}
