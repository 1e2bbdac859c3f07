using System.Security.Cryptography;
using System.Text;

namespace MlOps.Contracts;

/// <summary>Where a dataset lives in the warehouse: one PostgreSQL schema per tenant and dataset, names as dlt normalizes them.</summary>
public static class WarehouseNames
{
    private const int MaxIdentifierBytes = 63;

    /// <summary>
    /// The schema of a tenant's dataset: `&lt;tenant&gt;__&lt;dataset&gt;` in snake_case, one-to-one with the exact pair. Where
    /// snake_case changes a name (`a-b` and `a_b` would meet) or PostgreSQL reserves the prefix (`pg_`), the name becomes
    /// `&lt;tenant&gt;__&lt;dataset&gt;__h&lt;hash of the exact pair&gt;`: it holds `__` twice, which a plain name never does (its
    /// parts contain no `__`), so no dataset name of one tenant can reach another tenant's schema.
    /// </summary>
    public static string Schema(string tenantId, string dataset)
    {
        var (tenant, name) = (SnakeCase(tenantId), SnakeCase(dataset));
        var plain = tenant == tenantId && name == dataset && !tenant.Contains("__", StringComparison.Ordinal)
            && !name.Contains("__", StringComparison.Ordinal) && !tenant.StartsWith("pg_", StringComparison.Ordinal);
        return plain
            ? Fit($"{tenant}__{name}")
            : Fit($"{(tenant.StartsWith("pg_", StringComparison.Ordinal) ? "t_" + tenant : tenant)}__{name}__h{Hash(tenantId + "\0" + dataset)[..16]}");
    }

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
        return name[..(MaxIdentifierBytes - 17)] + "_" + Hash(name)[..16];
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
