using System.Globalization;
using System.Text.Json.Nodes;

namespace MlOps.DevLlmProvider.Apis;

/// <summary>
/// What the development provider does with the generation options a real model would use: a JSON response format gets
/// its answer as a JSON object, stop sequences cut the answer, and the options it cannot imitate (seed, penalties, the
/// end user's id) are named in its label, so a caller can see they arrived.
/// </summary>
public static class AnswerShaping
{
    private static readonly string[] Noted = ["seed", "presence_penalty", "frequency_penalty", "user"];

    /// <summary>The labelled answer for what was said, as text or, for a JSON response format, as a JSON object.</summary>
    public static string Compose(JsonNode request, string said)
    {
        var notes = Noted.Where(option => request[option] is JsonValue).Select(option => $"{option} {Value(request[option]!)}").ToList();
        var label = "development provider, not a real model" + (notes.Count > 0 ? "; " + string.Join(", ", notes) : "");
        return request["response_format"]?["type"]?.GetValue<string>() is "json_object" or "json_schema"
            ? new JsonObject { ["source"] = label, ["answer"] = said }.ToJsonString()
            : $"[{label}] {said}";
    }

    /// <summary>The answer up to the first of the request's stop sequences (a string or a list), which ends it as a model's would.</summary>
    public static string Stop(JsonNode request, string answer)
    {
        IEnumerable<string> stops = request["stop"] switch
        {
            JsonValue one => [one.GetValue<string>()],
            JsonArray many => many.Select(s => s!.GetValue<string>()),
            _ => [],
        };
        var cut = stops.Select(s => answer.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        return cut >= 0 ? answer[..cut] : answer;
    }

    private static string Value(JsonNode value) =>
        value.GetValueKind() == System.Text.Json.JsonValueKind.Number ? value.GetValue<double>().ToString(CultureInfo.InvariantCulture) : value.ToString();
}
