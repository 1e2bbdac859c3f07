namespace MlOps.Gateway.Llm.Admission;

/// <summary>Reads an LLM request body with a size limit, and hands YARP the (possibly changed) body to forward.</summary>
public static class LlmRequestBody
{
    public static async Task<(byte[] Body, bool TooLarge)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return ([], true);
        }
        if (request.ContentLength is { } length)
        {
            // The usual case: read straight into a buffer of the declared size.
            var exact = new byte[length];
            var got = await request.Body.ReadAtLeastAsync(exact, exact.Length, throwOnEndOfStream: false, cancellationToken);
            return got == exact.Length ? (exact, false) : await ReadUnknownAsync(request, exact.AsMemory(0, got), maxBytes, cancellationToken);
        }
        return await ReadUnknownAsync(request, ReadOnlyMemory<byte>.Empty, maxBytes, cancellationToken);
    }

    // A chunked body (or a short one): read in pieces up to the limit.
    private static async Task<(byte[] Body, bool TooLarge)> ReadUnknownAsync(HttpRequest request, ReadOnlyMemory<byte> start, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        buffer.Write(start.Span);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return ([], true);
            }
            buffer.Write(chunk, 0, read);
        }
        return (buffer.ToArray(), false);
    }

    public static void Replace(HttpRequest request, byte[] body)
    {
        request.Body = new MemoryStream(body);
        request.ContentLength = body.Length;
        // The answer is read and filtered here, so it must come uncompressed.
        request.Headers.AcceptEncoding = default;
    }
}
