using System.Net;

namespace MlOps.EndToEnd.Tests.Fuzz;

/// <summary>One hostile request body: what it is (for the failure report) and a fresh content per send.</summary>
public sealed record FuzzBody(string Description, Func<HttpContent?> Create)
{
    public static FuzzBody None(string description) => new(description, () => null);

    public static FuzzBody Json(string description, string json) => Bytes(description, System.Text.Encoding.UTF8.GetBytes(json), "application/json");

    public static FuzzBody Bytes(string description, byte[] bytes, string? contentType, bool chunked = false) => new(description, () =>
    {
        HttpContent content = chunked ? new ChunkedContent(bytes) : new ByteArrayContent(bytes);
        if (contentType is not null && !content.Headers.TryAddWithoutValidation("Content-Type", contentType))
        {
            throw new InvalidOperationException($"Content-Type '{contentType}' was refused by HttpClient.");
        }
        return content;
    });

    public override string ToString() => Description;

    /// <summary>A body sent without Content-Length (chunked), as a client streaming an upload does.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
