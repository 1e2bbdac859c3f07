using System.Text;
using System.Text.Json;

namespace MlOps.Gateway.Tests;

/// <summary>Reads an SSE answer: the JSON events before [DONE], the text they carry, and whether [DONE] came.</summary>
public sealed record LlmSse(List<JsonElement> Events, string Text, bool Done)
{
    public static async Task<LlmSse> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var events = new List<JsonElement>();
        var text = new StringBuilder();
        var done = false;
        foreach (var data in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Where(e => e.StartsWith("data: ", StringComparison.Ordinal)).Select(e => e[6..]))
        {
            if (data == "[DONE]")
            {
                done = true;
                continue;
            }
            var element = JsonDocument.Parse(data).RootElement.Clone();
            events.Add(element);
            if (element.TryGetProperty("choices", out var choices))
            {
                foreach (var choice in choices.EnumerateArray())
                {
                    if (choice.GetProperty("delta").TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
                    {
                        text.Append(content.GetString());
                    }
                }
            }
        }
        return new LlmSse(events, text.ToString(), done);
    }
}
