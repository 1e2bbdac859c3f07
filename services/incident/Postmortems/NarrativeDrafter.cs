using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Incident.Postmortems;

/// <summary>
/// Asks guardrail-gateway's chat completions, under this service's identity in the incident's tenant, for the narrative
/// sections. Null whenever no usable answer comes in time: the caller writes the plain template then.
/// </summary>
public sealed partial class NarrativeDrafter(HttpClient http, IOptions<PostmortemOptions> options, ILogger<NarrativeDrafter> logger)
{
    public async Task<PostmortemNarrative?> DraftAsync(PostmortemFacts facts, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.LlmTimeout);
        var body = new JsonObject
        {
            ["model"] = settings.Model,
            ["temperature"] = 0.2,
            ["response_format"] = new JsonObject { ["type"] = "json_object" },
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = PostmortemPrompt.Instructions },
                new JsonObject { ["role"] = "user", ["content"] = PostmortemPrompt.Facts(facts, settings.MaxPromptChars) }),
        };
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.LlmUrl, "v1/chat/completions"))
            {
                Content = JsonContent.Create(body),
            }.AsService(facts.Incident.TenantId);
            using var response = await http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                LogUnusable(logger, facts.Incident.Id, $"status {(int)response.StatusCode}");
                return null;
            }
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
            var content = answer.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
            var narrative = Parse(content);
            if (narrative is null)
            {
                LogUnusable(logger, facts.Incident.Id, "the answer is not the requested JSON object");
            }
            return narrative;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
            or IndexOutOfRangeException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogUnusable(logger, facts.Incident.Id, e.GetType().Name);
            return null;
        }
    }

    /// <summary>The answer's JSON object (a Markdown code fence around it tolerated); null when it is not one.</summary>
    public static PostmortemNarrative? Parse(string? content)
    {
        var text = content?.Trim() ?? "";
        var start = text.IndexOf('{');
        var end = text.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(text[start..(end + 1)]);
            var root = document.RootElement;
            string Field(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(value.GetString()) ? Limit(value.GetString()!) : PostmortemNarrative.ToBeWritten;
            var narrative = new PostmortemNarrative(Field("summary"), Field("impact"), Field("rootCauses"), Field("lessons"), Field("actionItems"));
            return narrative == PostmortemNarrative.Placeholders ? null : narrative;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // One section never crowds out the rest of the page.
    private static string Limit(string text) => text.Length <= 4000 ? text : text[..4000] + "…";

    [LoggerMessage(EventId = 4300, Level = LogLevel.Warning,
        Message = "No usable postmortem narrative for incident {IncidentId} ({Reason}); the plain template is written")]
    private static partial void LogUnusable(ILogger logger, Guid incidentId, string reason);
}
