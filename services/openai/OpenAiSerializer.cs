using System.Text.Encodings.Web;
using System.Text.Json;

namespace MlOps.OpenAi;

/// <summary>How the wire types are written: placeholders such as &lt;EMAIL_ADDRESS_1&gt; stay readable instead of \u003C escapes.</summary>
public static class OpenAiSerializer
{
    /// <summary>The options for the wire types.</summary>
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A server-sent event carrying <paramref name="value"/> as its data.</summary>
    public static string SseEvent<T>(T value) => "data: " + JsonSerializer.Serialize(value, Options) + "\n\n";
}
