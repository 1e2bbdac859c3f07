using Microsoft.AspNetCore.Http;

namespace MlOps.ServiceDefaults.Api;

/// <summary>Keyset paging over time-ordered ids: the cursor is the last id seen.</summary>
public sealed record PageRequest(int Limit, Guid? After)
{
    public const int MaxLimit = 500;

    public static ValueTask<PageRequest?> BindAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var limit = int.TryParse(query["limit"], out var l) ? l : 50;
        if (limit is < 1 or > MaxLimit)
        {
            throw new BadHttpRequestException($"limit must be between 1 and {MaxLimit}.");
        }
        Guid? after = null;
        if (!string.IsNullOrEmpty(query["cursor"]))
        {
            after = Guid.TryParse(query["cursor"], out var g) ? g : throw new BadHttpRequestException("cursor is not a valid page cursor.");
        }
        return ValueTask.FromResult<PageRequest?>(new PageRequest(limit, after));
    }

    /// <summary>Builds the page from up to Limit + 1 rows fetched, so the extra row tells whether more exist.</summary>
    public Page<T> ToPage<T>(IReadOnlyList<T> rowsPlusOne, Func<T, Guid> idOf)
    {
        if (rowsPlusOne.Count <= Limit)
        {
            return new Page<T>(rowsPlusOne, null);
        }
        var items = rowsPlusOne.Take(Limit).ToList();
        return new Page<T>(items, idOf(items[^1]).ToString());
    }
}
