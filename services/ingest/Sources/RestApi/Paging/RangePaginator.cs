using System.Globalization;
using System.Text.Json;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>
/// dlt's RangePaginator: offset (step = limit, total = items) and page_number (step 1, total = pages). Ends after an
/// empty page (stop_after_empty_page), at the total (plus the base page) or at the maximum.
/// </summary>
internal sealed class RangePaginator(PaginatorSpec spec) : Paginator
{
    private long _current = spec.Initial;
    private readonly long _step = spec.Kind == PaginatorKind.Offset ? spec.Limit : 1;
    private readonly long _base = spec.Kind == PaginatorKind.PageNumber ? spec.BasePage : 0;

    public override void Init(RestRequest request) => Next(request);

    public override void Update(RestAnswer answer, int items)
    {
        if (spec.StopAfterEmptyPage && items == 0)
        {
            HasNextPage = false;
            return;
        }
        long? total = null;
        if (spec.TotalPath is { } path)
        {
            var found = answer.Body.ValueKind == JsonValueKind.Object ? path.First(answer.Body) : null;
            total = found switch
            {
                { ValueKind: JsonValueKind.Number } n when n.TryGetInt64(out var t) => t,
                { ValueKind: JsonValueKind.String } s when long.TryParse(s.GetString(), CultureInfo.InvariantCulture, out var t) => t,
                null => throw new InvalidDataException($"the total is not in the answer at '{path}' (set total_path to null if there is none)"),
                _ => throw new InvalidDataException($"the total at '{path}' is not an integer"),
            };
        }
        _current += _step;
        if ((total is { } t2 && _current >= t2 + _base) || (spec.Maximum is { } max && _current >= max))
        {
            HasNextPage = false;
        }
    }

    public override void Next(RestRequest request)
    {
        request.Set(spec.Param!, _current.ToString(CultureInfo.InvariantCulture));
        if (spec.Kind == PaginatorKind.Offset)
        {
            request.Set(spec.LimitParam, spec.Limit.ToString(CultureInfo.InvariantCulture));
        }
    }
}
