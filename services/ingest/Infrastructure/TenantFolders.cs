using System.Text.RegularExpressions;

namespace MlOps.Ingest.Infrastructure;

/// <summary>A tenant id as the first path component of the tenant's files, uploads, lake folders and S3 keys.</summary>
public static partial class TenantFolders
{
    /// <summary>The tenant id, checked to be one plain folder name (never `..`, a slash or empty).</summary>
    public static string Of(string tenantId) => Pattern().IsMatch(tenantId)
        ? tenantId
        : throw new ArgumentException("A tenant id is letters, digits, '-' and '_'.", nameof(tenantId));

    [GeneratedRegex("^[A-Za-z0-9_-]{1,128}$")]
    private static partial Regex Pattern();
}
