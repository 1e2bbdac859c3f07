using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
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
    private readonly ConcurrentDictionary<Key, (Entry Entry, DateTime Expires)> _entries = new();
    private readonly FifoRing<Key> _order = new(options.Value.CacheEntries);

    /// <summary>The SHA-256 of a tenant and a canonical request: a value, so the cache holds no key strings.</summary>
    public readonly record struct Key(UInt128 High, UInt128 Low);

    /// <summary>A cached answer: the completion as UTF-8 JSON and the usage it had when it was computed.</summary>
    public readonly record struct Entry(byte[] Completion, UsageReport? Usage)
    {
        // Answers go to the pinned-object heap, which only full collections visit: under a stream of new prompts the
        // young-generation collections then no longer copy every answer twice (their pauses were the gateway's p99).
        public static Entry Of(ReadOnlySpan<byte> completion, UsageReport? usage)
        {
            var bytes = GC.AllocateUninitializedArray<byte>(completion.Length, pinned: true);
            completion.CopyTo(bytes);
            return new Entry(bytes, usage);
        }
    }

    public static Key KeyOf(string tenant, JsonObject request)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        CanonicalRequest.Hash(tenant, request, Ignored, hash);
        return new Key(BinaryPrimitives.ReadUInt128BigEndian(hash[..16]), BinaryPrimitives.ReadUInt128BigEndian(hash[16..]));
    }

    public Entry? Find(Key key) =>
        _entries.TryGetValue(key, out var cached) && cached.Expires > time.GetUtcNow().UtcDateTime ? cached.Entry : null;

    public void Store(Key key, Entry entry, TimeSpan ttl)
    {
        var expires = time.GetUtcNow().UtcDateTime + ttl;
        if (!_entries.TryAdd(key, (entry, expires)))
        {
            _entries[key] = (entry, expires);
            return;
        }
        if (_order.Push(key) is { } oldest)
        {
            _entries.TryRemove(oldest, out _);
        }
    }
}
