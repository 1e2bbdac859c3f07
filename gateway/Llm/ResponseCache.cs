using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace MlOps.Gateway.Llm;

/// <summary>
/// Exact-match cache of chat completions per tenant: the key is a hash of the tenant and the request in canonical form
/// (keys sorted; stream, stream_options, user, metadata and store left out, as they do not change the answer). Answers
/// are kept after output filtering, in the completion form, and replayed as JSON or as SSE; at most
/// <see cref="LlmOptions.CacheEntries"/> per replica, the oldest leaving first.
/// </summary>
public sealed class ResponseCache(IOptions<LlmOptions> options, TimeProvider time)
{
    private static readonly HashSet<string> Ignored = ["stream", "stream_options", "user", "metadata", "store"];
    // Bounded first-in-first-out: a store is O(1) and never scans (a size-limited MemoryCache compacts by scanning, which
    // showed in the p99 of a stream of unique prompts).
    private readonly ConcurrentDictionary<string, (Entry Entry, DateTime Expires)> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private int _count;

    /// <summary>A cached answer: the completion JSON and the usage it had when it was computed.</summary>
    public sealed record Entry(string Completion, UsageReport? Usage);

    public static string KeyOf(string tenant, JsonObject request)
    {
        var canonical = new StringBuilder(tenant).Append('\n');
        WriteCanonical(request, canonical, topLevel: true);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    public Entry? Find(string key) =>
        _entries.TryGetValue(key, out var cached) && cached.Expires > time.GetUtcNow().UtcDateTime ? cached.Entry : null;

    public void Store(string key, Entry entry, TimeSpan ttl)
    {
        if (_entries.TryAdd(key, (entry, time.GetUtcNow().UtcDateTime + ttl)))
        {
            _order.Enqueue(key);
            Interlocked.Increment(ref _count);
        }
        else
        {
            _entries[key] = (entry, time.GetUtcNow().UtcDateTime + ttl);
        }
        while (Volatile.Read(ref _count) > Math.Max(1, options.Value.CacheEntries) && _order.TryDequeue(out var oldest))
        {
            if (_entries.TryRemove(oldest, out _))
            {
                Interlocked.Decrement(ref _count);
            }
        }
    }

    private static void WriteCanonical(JsonNode? node, StringBuilder output, bool topLevel = false)
    {
        switch (node)
        {
            case JsonObject obj:
                output.Append('{');
                foreach (var (name, value) in obj.Where(p => !topLevel || !Ignored.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    output.Append(System.Text.Json.JsonSerializer.Serialize(name)).Append(':');
                    WriteCanonical(value, output);
                    output.Append(',');
                }
                output.Append('}');
                break;
            case JsonArray array:
                output.Append('[');
                foreach (var item in array)
                {
                    WriteCanonical(item, output);
                    output.Append(',');
                }
                output.Append(']');
                break;
            default:
                output.Append(node?.ToJsonString() ?? "null");
                break;
        }
    }
}
