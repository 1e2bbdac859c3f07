namespace MlOps.OpenAi;

/// <summary>A function call the model asked for: its id, the function's name and its arguments as the JSON text the model wrote.</summary>
public sealed record ToolCall(string Id, string Name, string Arguments);
