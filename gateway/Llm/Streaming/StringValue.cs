namespace MlOps.Gateway.Llm.Streaming;

/// <summary>A JSON string's value and the byte range of its token (quotes included).</summary>
public readonly record struct StringValue(string Value, int Start, int End);
