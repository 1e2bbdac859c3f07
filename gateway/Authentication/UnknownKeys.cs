using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace MlOps.Gateway.Authentication;

/// <summary>Key hashes the database did not know, remembered for a while in a cache of their own, bounded by count.</summary>
public sealed class UnknownKeys(IOptions<GatewayOptions> options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.UnknownKeyCacheEntries });
    private readonly MemoryCacheEntryOptions _entry = new()
    {
        AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(Math.Max(1, options.Value.KeyCacheSeconds)),
        Size = 1,
    };

    public bool Contains(string keyHash) => _cache.TryGetValue(keyHash, out _);

    public void Add(string keyHash) => _cache.Set(keyHash, true, _entry);

    /// <summary>A key created after someone tried it must work at once.</summary>
    public void Forget(string keyHash) => _cache.Remove(keyHash);

    public int Count => _cache.Count;

    public void Dispose() => _cache.Dispose();
}
