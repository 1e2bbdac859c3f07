using System.Security.Cryptography;
using System.Text;

namespace MlOps.Contracts;

/// <summary>Where a dataset lives in the warehouse: one PostgreSQL schema per tenant and dataset, names as dlt normalizes them.</summary>
public static class WarehouseNames
{
    private const int MaxIdentifierBytes = 63;

    /// <summary>The schema of a tenant's dataset: `&lt;tenant&gt;__&lt;dataset&gt;` in snake_case, shortened with a hash past 63 bytes.</summary>
    public static string Schema(string tenantId, string dataset) => Fit(SnakeCase(tenantId) + "__" + SnakeCase(dataset));

    /// <summary>A table or column name in snake_case (lower case, anything but letters and digits to `_`), at most 63 bytes.</summary>
    public static string Identifier(string name) => Fit(SnakeCase(name));

    /// <summary>dlt's snake_case: camelCase split, lower case, runs of other characters to one `_`, a leading digit prefixed.</summary>
    public static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsAsciiLetterUpper(c) && i > 0 && (char.IsAsciiLetterLower(name[i - 1]) || char.IsAsciiDigit(name[i - 1])))
            {
                builder.Append('_');
            }
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }
        var result = builder.ToString().TrimEnd('_');
        if (result.Length == 0 || char.IsAsciiDigit(result[0]))
        {
            result = "_" + result;
        }
        return result;
    }

    /// <summary>A name already in snake_case (joined with `__`, say) fit to 63 bytes, shortened with a stable hash.</summary>
    public static string Fit(string name)
    {
        if (name.Length <= MaxIdentifierBytes)
        {
            return name;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..12];
        return name[..(MaxIdentifierBytes - 13)] + "_" + hash;
    }
}
