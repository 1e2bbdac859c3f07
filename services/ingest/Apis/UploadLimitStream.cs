using MlOps.Ingest.Infrastructure;

namespace MlOps.Ingest.Apis;

/// <summary>A request body read through to its end, failing once it passes the upload limit.</summary>
public sealed class UploadLimitStream(Stream inner, long limit) : ObservedReadStream(inner)
{
    protected override void Observe(ReadOnlySpan<byte> chunk)
    {
        if (BytesRead > limit)
        {
            throw new UploadTooLargeException();
        }
    }
}
