using MlOps.Ingest.Infrastructure;

namespace MlOps.Ingest.Sources.Files;

/// <summary>Counts the bytes read from the source (before decompression), for progress: <see cref="ObservedReadStream.BytesRead"/>.</summary>
internal sealed class CountingStream(Stream inner) : ObservedReadStream(inner)
{
    protected override void Observe(ReadOnlySpan<byte> chunk)
    {
    }
}
