namespace MlOps.Registry.Model;

/// <summary>Filters for listing models: a name prefix, a tag (key or key=value) and an alias that must be set.</summary>
public sealed record ModelSearch(string? Prefix, string? Tag, string? Alias)
{
    public static ValueTask<ModelSearch?> BindAsync(HttpContext context) => ValueTask.FromResult<ModelSearch?>(new ModelSearch(
        NullIfEmpty(context.Request.Query["prefix"]), NullIfEmpty(context.Request.Query["tag"]), NullIfEmpty(context.Request.Query["alias"])));

    /// <summary>The SQL to append to the tenant filter, and its parameters.</summary>
    public (string Sql, object Parameters) ToFilter()
    {
        var sql = "";
        var tagKey = Tag;
        string? tagValue = null;
        if (Tag?.IndexOf('=') is int equals and >= 0)
        {
            (tagKey, tagValue) = (Tag[..equals], Tag[(equals + 1)..]);
        }
        if (Prefix is not null)
        {
            sql += " AND m.name LIKE @prefix ESCAPE '\\'";
        }
        if (tagKey is not null)
        {
            sql += tagValue is null ? " AND m.tags ? @tagKey" : " AND m.tags @> jsonb_build_object(@tagKey, @tagValue)";
        }
        if (Alias is not null)
        {
            sql += " AND EXISTS (SELECT 1 FROM model_aliases a WHERE a.model_id = m.id AND a.alias = @alias)";
        }
        var prefix = Prefix is null ? null : Prefix.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        return (sql, new { prefix, tagKey, tagValue, alias = Alias });
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
