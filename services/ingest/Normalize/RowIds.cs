using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Normalize;

/// <summary>
/// `_dlt_id` values: 16 url-safe characters (96 bits), random, or a digest where dlt needs the id to be the same on every
/// load (an upsert key, an scd2 row version, a merge table's child row).
/// </summary>
internal sealed class RowIds
{
    private const int IdBytes = 12;
    // One call to the generator per 341 ids, not one per row.
    private readonly byte[] _random = new byte[IdBytes * 341];
    private int _next = IdBytes * 341;

    public string Random()
    {
        if (_next + IdBytes > _random.Length)
        {
            RandomNumberGenerator.Fill(_random);
            _next = 0;
        }
        var id = Base64Url.EncodeToString(_random.AsSpan(_next, IdBytes));
        _next += IdBytes;
        return id;
    }

    public static string Digest(string content)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(content), hash);
        return Base64Url.EncodeToString(hash[..IdBytes]);
    }

    /// <summary>dlt's child row id: the parent's id, the child table and the position in the list.</summary>
    public static string Child(string parentId, string table, long listIndex) =>
        Digest(parentId + "_" + table + "_" + listIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
