using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.Gateway.Llm.Caching;

/// <summary>
/// The SHA-256 of a tenant, an output guard and a request in canonical form: object members sorted by name, the top-level members that do
/// not change the answer left out. Written as UTF-8 JSON into a buffer kept per thread, so hashing a request costs no
/// string and no builder (every cacheable request is hashed once).
/// </summary>
public static class CanonicalRequest
{
    // A request bigger than this does not leave its buffer behind on the thread.
    private const int KeptBufferBytes = 64 * 1024;
    private static readonly Comparer<KeyValuePair<string, JsonNode?>> ByName = Comparer<KeyValuePair<string, JsonNode?>>.Create((a, b) => string.CompareOrdinal(a.Key, b.Key));
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// Writes the hash of <paramref name="tenant"/>, <paramref name="outputGuard"/> and <paramref name="request"/> without
    /// the top-level <paramref name="ignored"/> members.
    /// </summary>
    public static void Hash(string tenant, string outputGuard, JsonObject request, IReadOnlySet<string> ignored, Span<byte> hash)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        writer.WriteStartArray();
        writer.WriteStringValue(tenant);
        writer.WriteStringValue(outputGuard);
        Write(request, writer, ignored);
        writer.WriteEndArray();
        writer.Flush();
        SHA256.HashData(buffer.WrittenSpan, hash);
        if (buffer.Capacity > KeptBufferBytes)
        {
            (t_buffer, t_writer) = (null, null);
        }
    }

    private static void Write(JsonNode? node, Utf8JsonWriter writer, IReadOnlySet<string>? ignored = null)
    {
        switch (node)
        {
            case JsonObject obj:
                var members = ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Rent(obj.Count);
                var count = 0;
                foreach (var member in obj)
                {
                    if (ignored is null || !ignored.Contains(member.Key))
                    {
                        members[count++] = member;
                    }
                }
                Array.Sort(members, 0, count, ByName);
                writer.WriteStartObject();
                for (var i = 0; i < count; i++)
                {
                    writer.WritePropertyName(members[i].Key);
                    Write(members[i].Value, writer);
                }
                writer.WriteEndObject();
                ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Return(members, clearArray: true);
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(item, writer);
                }
                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
