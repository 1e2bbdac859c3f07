using System.IO.Compression;

namespace MlOps.AgentOpsTracer.Intake;

/// <summary>Reads the request body whole, within the size limits, undoing gzip.</summary>
internal static class OtlpBodyReader
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, bool gzip, IntakeOptions limits, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limits.MaxBodyBytes)
        {
            throw new OtlpBodyTooLargeException($"the body is {request.ContentLength} bytes; at most {limits.MaxBodyBytes} are accepted");
        }
        var sent = await CopyAsync(request.Body, limits.MaxBodyBytes, "the body", cancellationToken);
        if (!gzip)
        {
            return sent;
        }
        try
        {
            await using var inflating = new GZipStream(new MemoryStream(sent.ToArray(), writable: false), CompressionMode.Decompress);
            return await CopyAsync(inflating, limits.MaxDecompressedBytes, "the body after gzip", cancellationToken);
        }
        catch (InvalidDataException)
        {
            throw new OtlpFormatException("Content-Encoding is gzip but the body is not valid gzip");
        }
    }

    private static async Task<ReadOnlyMemory<byte>> CopyAsync(Stream source, long limit, string what, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new OtlpBodyTooLargeException($"{what} is over {limit} bytes");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
