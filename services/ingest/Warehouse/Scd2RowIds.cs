using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MlOps.Ingest.Loading;

namespace MlOps.Ingest.Warehouse;

/// <summary>
/// dlt's scd2 row identity: a root row's `_dlt_id` becomes a hash of its content (system columns and nulls left out, so a new
/// column does not change old rows' hashes); child rows follow their root's new id.
/// </summary>
internal sealed class Scd2RowIds
{
    private readonly Dictionary<string, string> _byNormalizerId = new(StringComparer.Ordinal);

    public IReadOnlyList<object?[]> Rewrite(TableRows rows, bool root)
    {
        var columns = rows.Table.Columns;
        var id = IndexOf(rows, "_dlt_id");
        var parent = IndexOf(rows, "_dlt_parent_id");
        var rootId = IndexOf(rows, "_dlt_root_id");
        var names = columns.Select(c => c.Name).ToList();
        var result = new List<object?[]>(rows.Rows.Count);
        foreach (var source in rows.Rows)
        {
            var row = (object?[])source.Clone();
            if (root && id >= 0)
            {
                var hash = Hash(names, row);
                if (row[id] is string original)
                {
                    _byNormalizerId[original] = hash;
                }
                row[id] = hash;
            }
            foreach (var link in (ReadOnlySpan<int>)[parent, rootId])
            {
                if (link >= 0 && row[link] is string linked && _byNormalizerId.TryGetValue(linked, out var mapped))
                {
                    row[link] = mapped;
                }
            }
            result.Add(row);
        }
        return result;
    }

    public static string Hash(IReadOnlyList<string> columns, object?[] row)
    {
        var text = new StringBuilder();
        for (var i = 0; i < columns.Count && i < row.Length; i++)
        {
            if (row[i] is { } value && !columns[i].StartsWith("_dlt_", StringComparison.Ordinal))
            {
                text.Append(columns[i]).Append('\u001f').Append(Canonical(value)).Append('\u001e');
            }
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }

    private static string Canonical(object value) => value switch
    {
        bool b => b ? "true" : "false",
        DateTime t => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("O", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static int IndexOf(TableRows rows, string column)
    {
        for (var i = 0; i < rows.Table.Columns.Count; i++)
        {
            if (rows.Table.Columns[i].Name == column)
            {
                return i;
            }
        }
        return -1;
    }
}
