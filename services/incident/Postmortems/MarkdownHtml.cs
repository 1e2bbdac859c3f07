using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace MlOps.Incident.Postmortems;

/// <summary>
/// Markdown to HTML for postmortems, which hold user and LLM text: raw HTML is rendered as text and links or images with any
/// scheme but http, https and mailto lose their target, so no script can get in.
/// </summary>
public static class MarkdownHtml
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseEmphasisExtras().DisableHtml().Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafe(link.Url))
            {
                link.Url = "#";
            }
        }
        foreach (var autolink in document.Descendants<AutolinkInline>())
        {
            if (!autolink.IsEmail && !IsSafe(autolink.Url))
            {
                autolink.Url = "#";
            }
        }
        return document.ToHtml(Pipeline);
    }

    // Relative links have no scheme; anything with one must be a web or mail link.
    private static bool IsSafe(string? url) =>
        string.IsNullOrEmpty(url) || !url.Contains(':', StringComparison.Ordinal)
        || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);
}
