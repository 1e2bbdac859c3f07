using System.Buffers;
using System.IO.Pipelines;

namespace MlOps.Inference.Apis;

/// <summary>Reads a whole request body from the pipe without copying it (Kestrel's size limit still applies: 413).</summary>
public static class RequestBody
{
    public static async Task<T> ParseAsync<T>(HttpRequest request, Func<ReadOnlySequence<byte>, T> parse, CancellationToken cancellationToken)
    {
        var reader = request.BodyReader;
        ReadResult result;
        while (true)
        {
            result = await reader.ReadAsync(cancellationToken);
            if (result.IsCompleted || result.IsCanceled)
            {
                break;
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
        try
        {
            return parse(result.Buffer);
        }
        finally
        {
            reader.AdvanceTo(result.Buffer.End);
        }
    }
}
