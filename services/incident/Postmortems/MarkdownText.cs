using System.Text;

namespace MlOps.Incident.Postmortems;

/// <summary>Puts user text (titles, labels, timeline summaries) into Markdown as literal text: no emphasis, links or table breaks.</summary>
public static class MarkdownText
{
    private const string Special = "\\`*_{}[]()<>#+-!|~&";

    public static string Escape(string? text)
    {
        var builder = new StringBuilder();
        foreach (var c in (text ?? "").ReplaceLineEndings(" "))
        {
            if (Special.Contains(c))
            {
                builder.Append('\\');
            }
            builder.Append(c);
        }
        return builder.ToString();
    }
}
