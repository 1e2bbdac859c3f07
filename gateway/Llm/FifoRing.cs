namespace MlOps.Gateway.Llm;

/// <summary>
/// The insertion order of a bounded cache: each key pushed pushes out the key that came capacity pushes earlier,
/// in O(1) and without allocating (a size-limited MemoryCache compacts by scanning, which showed in the p99).
/// </summary>
public sealed class FifoRing<TKey>(int capacity) where TKey : struct, IEquatable<TKey>
{
    private readonly TKey[] _keys = new TKey[Math.Max(1, capacity)];
    private int _next;

    /// <summary>Records a new key; returns the one it replaces, or null while the ring is filling.</summary>
    public TKey? Push(TKey key)
    {
        TKey oldest;
        lock (_keys)
        {
            oldest = _keys[_next];
            _keys[_next] = key;
            _next = (_next + 1) % _keys.Length;
        }
        return oldest.Equals(default) ? null : oldest;
    }
}
