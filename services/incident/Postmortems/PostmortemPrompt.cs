using System.Text;

namespace MlOps.Incident.Postmortems;

/// <summary>
/// What the LLM is shown: the title, severity, labels and timeline summaries only (no description, links, details or channel
/// settings), cut to the configured size with the oldest lines kept, since they say how it started.
/// </summary>
public static class PostmortemPrompt
{
    public const string Instructions = """
        You draft the narrative sections of a blameless postmortem in the Google SRE format from an incident's facts.
        Answer with one JSON object only, with string fields "summary", "impact", "rootCauses", "lessons" and "actionItems"
        (Markdown allowed inside each: action items as a bullet list). Say what the facts support and nothing more; where they say
        too little, write "(to be written)".
        """;

    public static string Facts(PostmortemFacts facts, int maxChars)
    {
        var incident = facts.Incident;
        var text = new StringBuilder();
        text.AppendLine($"Title: {Cut(incident.Title, 300)}").AppendLine($"Severity: {incident.Severity}")
            .AppendLine($"Labels: {Cut(PostmortemTemplate.Labels(incident.Labels), 1000)}")
            .AppendLine($"Resolution: {Cut(incident.Resolution ?? "", 1000)}").AppendLine("Timeline (UTC):");
        var omitted = 0;
        foreach (var entry in facts.Timeline)
        {
            var line = $"- {PostmortemTemplate.Time(entry.At)} {entry.Kind}: {Cut(entry.Summary, 400)}";
            if (omitted > 0 || text.Length + line.Length + 1 > maxChars)
            {
                omitted++;
                continue;
            }
            text.AppendLine(line);
        }
        if (omitted > 0)
        {
            text.AppendLine($"({omitted} later entries left out)");
        }
        return text.Length > maxChars ? text.ToString(0, maxChars) : text.ToString();
    }

    private static string Cut(string text, int max) => (text.Length <= max ? text : text[..max] + "…").ReplaceLineEndings(" ");
}
