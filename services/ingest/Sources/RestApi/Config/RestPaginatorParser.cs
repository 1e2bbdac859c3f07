using System.Text.Json.Nodes;
using static MlOps.Ingest.Sources.RestApi.ConfigReader;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>Parses dlt's `paginator`: a type name ("json_link", "auto", ...) or an object with `type` and its fields.</summary>
internal static class RestPaginatorParser
{
    private const string Types = "json_link, header_link, offset, page_number, cursor, single_page, auto";

    public static PaginatorSpec Parse(JsonNode node, string path)
    {
        if (node is JsonValue v && v.TryGetValue<string>(out var alias))
        {
            if (alias == "offset")
            {
                throw new SourceConfigException(path, "the offset paginator needs arguments (limit): use {\"type\": \"offset\", \"limit\": ...}.");
            }
            return Parse(new JsonObject { ["type"] = alias }, path);
        }
        var o = Object(node, path);
        var type = String(o, "type", path) ?? "auto";
        var typePath = $"{path}.type";
        switch (type)
        {
            case "auto":
                OnlyKeys(o, path, ["type"]);
                return PaginatorSpec.Auto;
            case "single_page":
                OnlyKeys(o, path, ["type"]);
                return new PaginatorSpec(PaginatorKind.SinglePage);
            case "json_link" or "json_response":
                OnlyKeys(o, path, ["type", "next_url_path"]);
                return new PaginatorSpec(PaginatorKind.JsonLink) { NextUrlPath = Path(o, "next_url_path", path, "next") };
            case "header_link":
                OnlyKeys(o, path, ["type", "links_next_key"]);
                return new PaginatorSpec(PaginatorKind.HeaderLink) { LinksNextKey = String(o, "links_next_key", path) ?? "next" };
            case "cursor":
                OnlyKeys(o, path, ["type", "cursor_path", "cursor_param"]);
                return new PaginatorSpec(PaginatorKind.Cursor)
                {
                    CursorPath = Path(o, "cursor_path", path, "cursors.next"),
                    CursorParam = String(o, "cursor_param", path) ?? "after",
                };
            case "offset":
                OnlyKeys(o, path, ["type", "limit", "offset", "offset_param", "limit_param", "total_path", "maximum_offset", "stop_after_empty_page"]);
                return Ranged(o, path, new PaginatorSpec(PaginatorKind.Offset)
                {
                    Limit = Integer(o, "limit", path, 1) ?? throw new SourceConfigException($"{path}.limit", "is required for the offset paginator."),
                    Initial = Integer(o, "offset", path, 0) ?? 0,
                    Param = String(o, "offset_param", path) ?? "offset",
                    LimitParam = String(o, "limit_param", path) ?? "limit",
                    Maximum = Integer(o, "maximum_offset", path, 0),
                });
            case "page_number":
                OnlyKeys(o, path, ["type", "base_page", "page", "page_param", "total_path", "maximum_page", "stop_after_empty_page"]);
                var basePage = Integer(o, "base_page", path, 0) ?? 0;
                return Ranged(o, path, new PaginatorSpec(PaginatorKind.PageNumber)
                {
                    BasePage = basePage,
                    Initial = Integer(o, "page", path, 0) ?? basePage,
                    Param = String(o, "page_param", path) ?? "page",
                    Maximum = Integer(o, "maximum_page", path, 0),
                });
            default:
                throw new SourceConfigException(typePath,
                    $"'{type}' is not a paginator type ({Types}); paginator classes and custom paginators are Python-only.");
        }
    }

    // dlt's RangePaginator: total_path defaults to "total" unless given as null; something must end the pages.
    private static PaginatorSpec Ranged(JsonObject o, string path, PaginatorSpec spec)
    {
        var total = o.ContainsKey("total_path") ? (String(o, "total_path", path) is { } t ? Compile(t, $"{path}.total_path") : null)
            : JsonPath.Parse("total");
        var stop = Bool(o, "stop_after_empty_page", path) ?? true;
        if (total is null && spec.Maximum is null && !stop)
        {
            throw new SourceConfigException(path, "needs total_path, a maximum or stop_after_empty_page, or its pages would never end.");
        }
        return spec with { TotalPath = total, StopAfterEmptyPage = stop };
    }

    private static JsonPath Path(JsonObject o, string key, string path, string fallback) =>
        Compile(String(o, key, path) ?? fallback, $"{path}.{key}");

    public static JsonPath Compile(string text, string path)
    {
        try
        {
            return JsonPath.Parse(text);
        }
        catch (FormatException e)
        {
            throw new SourceConfigException(path, $"is not a JSONPath dlt understands: {e.Message}");
        }
    }
}
