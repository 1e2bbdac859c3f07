using System.Text.RegularExpressions;
using MlOps.Guardrails.Injection;

namespace MlOps.Guardrails.Context;

/// <summary>
/// Retrieved documents and tool results: instructions planted for the model (each segment scored by the context head against
/// the rest of its document, plus the direct-injection rules), invisible text, and markdown images or links that would carry data out in their URL.
/// </summary>
public sealed partial class ContextInjectionScanner(ContextInjectionHead head) : IScanner
{
    /// <inheritdoc />
    public string Name => "context";

    /// <inheritdoc />
    public IReadOnlyList<Finding> Scan(string text)
    {
        var findings = new List<Finding>();
        var (normalized, hidden, _) = TextNormalizer.Normalize(text);
        if (hidden > 0)
        {
            findings.Add(new Finding("HIDDEN_TEXT", Name, 0, text.Length, Math.Min(1.0, 0.6 + 0.05 * hidden), GuardAction.Block));
        }
        foreach (Match match in MarkdownExfiltration().Matches(text))
        {
            findings.Add(new Finding("MARKDOWN_EXFILTRATION", Name, match.Index, match.Length, 0.9, GuardAction.Block));
        }
        var exactSpans = normalized == text;
        var segments = Segmenter.Segments(normalized).ToList();
        var embeddings = segments.Select(s => head.Embed(s.Text)).ToList();
        var sum = SegmentCues.Sum(embeddings);
        for (var i = 0; i < segments.Count; i++)
        {
            var (start, segment) = segments[i];
            var probability = InjectionRules.AnyMatch(segment)
                ? 1.0
                : head.Probability(embeddings[i], SegmentCues.Of(segment, embeddings[i], SegmentCues.CentroidWithout(embeddings, sum, i)));
            if (probability >= head.Threshold)
            {
                findings.Add(new Finding("PLANTED_INSTRUCTION", Name, exactSpans ? start : 0, exactSpans ? segment.Length : text.Length, probability, GuardAction.Block));
            }
        }
        return findings;
    }

    // An image (fetched without a click) or link whose URL carries a query string or a long path segment: the shape of data exfiltration.
    [GeneratedRegex(@"!?\[[^\]]{0,200}\]\(\s*https?://[^\s)]+(?:\?[^\s)]*=[^\s)]*|/[A-Za-z0-9%+/=_-]{40,})[^\s)]*\)")]
    private static partial Regex MarkdownExfiltration();
}
