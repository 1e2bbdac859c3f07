using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using MlOps.Gateway.Llm.Models;

namespace MlOps.Gateway.Llm.Caching;

/// <summary>
/// Exact-match cache of chat completions per tenant and output guard: the key is a hash of the tenant, the key's output
/// guard (an answer kept under a laxer guard is never replayed to a stricter one) and the request in canonical form
/// (keys sorted; stream, stream_options, user, metadata and store left out, as they do not change the answer). Answers
/// are kept after output filtering, in the completion form, and replayed as JSON or as SSE; at most
/// <see cref="LlmOptions.CacheEntries"/> entries and <see cref="LlmOptions.CacheBytes"/> bytes per replica, the oldest leaving first.
/// </summary>
public sealed class ResponseCache(IOptions<LlmOptions> options, TimeProvider time)
{
    /// <summary>What an entry costs beyond its answer's bytes: the key, the dictionary slot, the array header and the usage.</summary>
    public const int EntryOverheadBytes = 160;
    private static readonly HashSet<string> Ignored = ["stream", "stream_options", "user", "metadata", "store"];
    private readonly ConcurrentDictionary<Key, (Entry Entry, DateTime Expires)> _entries = new();
    // Insertion order, for eviction; written under its own lock (reads of the dictionary take none).
    private readonly Queue<Key> _order = new();
    private long _bytes;

    /// <summary>The SHA-256 of a tenant, an output guard and a canonical request: a value, so the cache holds no key strings.</summary>
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

        public long Size => Completion.Length + EntryOverheadBytes;
    }

    /// <summary>Entries held now.</summary>
    public int Count => _entries.Count;

    /// <summary>Bytes held now (answers and per-entry overhead).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    public static Key KeyOf(string tenant, string outputGuard, JsonObject request)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        CanonicalRequest.Hash(tenant, outputGuard, request, Ignored, hash);
        return new Key(BinaryPrimitives.ReadUInt128BigEndian(hash[..16]), BinaryPrimitives.ReadUInt128BigEndian(hash[16..]));
    }

    public Entry? Find(Key key) =>
        _entries.TryGetValue(key, out var cached) && cached.Expires > time.GetUtcNow().UtcDateTime ? cached.Entry : null;

    public void Store(Key key, Entry entry, TimeSpan ttl)
    {
        var (maxEntries, maxBytes) = (options.Value.CacheEntries, options.Value.CacheBytes);
        if (entry.Size > maxBytes || maxEntries == 0)
        {
            return;
        }
        var expires = time.GetUtcNow().UtcDateTime + ttl;
        lock (_order)
        {
            if (_entries.TryGetValue(key, out var replaced))
            {
                Interlocked.Add(ref _bytes, -replaced.Entry.Size);
            }
            else
            {
                _order.Enqueue(key);
            }
            _entries[key] = (entry, expires);
            Interlocked.Add(ref _bytes, entry.Size);
            while (_entries.Count > maxEntries || _bytes > maxBytes)
            {
                if (_entries.TryRemove(_order.Dequeue(), out var oldest))
                {
                    Interlocked.Add(ref _bytes, -oldest.Entry.Size);
                }
            }
        }
    }
}
