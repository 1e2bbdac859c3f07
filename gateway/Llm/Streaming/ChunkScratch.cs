using Microsoft.Extensions.ObjectPool;

namespace MlOps.Gateway.Llm.Streaming;

/// <summary>
/// The reader and the edits one chunk needs, rented from a bounded pool for one filter call and returned at its end: pooled
/// objects are old already (what every stream in flight held would survive each young collection and be copied by it), and
/// unlike per-thread ones they stay with their call if it ever awaits.
/// </summary>
public sealed class ChunkScratch : IResettable
{
    /// <summary>Two per core: more calls than that in flight at once allocate and drop their own.</summary>
    public static readonly ObjectPool<ChunkScratch> Pool =
        new DefaultObjectPool<ChunkScratch>(new DefaultPooledObjectPolicy<ChunkScratch>(), Environment.ProcessorCount * 2);

    public ChatChunkView Chunk { get; } = new();

    public ChunkEdits Edits { get; } = new();

    public bool TryReset()
    {
        Edits.Clear();
        return true;
    }
}
