using System.Text.Encodings.Web;
using System.Text.Json;

namespace MlOps.Gateway.Llm.Models;

/// <summary>How the gateway writes JSON it changed: placeholders such as &lt;EMAIL_ADDRESS_1&gt; stay readable instead of \u003C escapes.</summary>
public static class LlmJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
