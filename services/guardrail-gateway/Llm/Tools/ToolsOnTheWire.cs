using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json.Nodes;
using MlOps.OpenAi;

namespace MlOps.GuardrailGateway.Llm.Tools;

/// <summary>
/// Puts the caller's tool definitions into the chat request the OpenAI client sends for Semantic Kernel. Kernel functions
/// would rebuild each schema from its parameters (dropping <c>$defs</c>, <c>additionalProperties</c> and names with '-'),
/// so the definitions travel verbatim; Semantic Kernel still makes the call and reads the tool calls of the answer.
/// </summary>
public sealed class ToolsOnTheWire : PipelinePolicy
{
    // The definitions of the call in flight on this async flow; set by ProviderChat just before it calls Semantic Kernel.
    private static readonly AsyncLocal<ToolDefinitions?> Pending = new();

    /// <summary>Sends <paramref name="tools"/> with the chat requests made from here on in this async flow (none when null).</summary>
    public static void Attach(ToolDefinitions? tools) => Pending.Value = tools;

    /// <inheritdoc />
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        AddTools(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    /// <inheritdoc />
    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        AddTools(message);
        await ProcessNextAsync(message, pipeline, currentIndex);
    }

    private static void AddTools(PipelineMessage message)
    {
        if (Pending.Value is not { } tools || message.Request.Content is not { } content
            || message.Request.Uri?.AbsolutePath.EndsWith("/chat/completions", StringComparison.Ordinal) != true)
        {
            return;
        }
        using var buffer = new MemoryStream();
        content.WriteTo(buffer);
        var body = JsonNode.Parse(buffer.ToArray())!.AsObject();
        body["tools"] = tools.Tools.DeepClone();
        body["tool_choice"] = tools.ToolChoice?.DeepClone();
        if (tools.ToolChoice is null)
        {
            body.Remove("tool_choice");
        }
        if (tools.ParallelToolCalls is { } parallel)
        {
            body["parallel_tool_calls"] = parallel;
        }
        message.Request.Content = BinaryContent.Create(BinaryData.FromString(body.ToJsonString()));
    }
}
