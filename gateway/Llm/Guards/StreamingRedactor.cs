using System.Text;
using System.Text.RegularExpressions;
using MlOps.Guardrails;

namespace MlOps.Gateway.Llm.Guards;

/// <summary>
/// Redacts one streamed answer as it arrives. Held back: the last, unfinished word (an e-mail address or a key grows
/// until whitespace ends it), and within the last <c>holdBack</c> characters every word from the first one that could
/// begin a finding spanning several words (digits as in card, phone, IBAN or SSN groups, month names of dates, a key
/// block's dashes, an AWS key name); text is never released in the middle of a finding. So PII up to <c>holdBack</c>
/// characters long is caught however the provider splits it into chunks, while plain words go out one word late.
/// </summary>
public sealed partial class StreamingRedactor(AnswerGuard guard, int holdBack)
{
    private readonly StringBuilder _held = new();

    /// <summary>Findings replaced so far.</summary>
    public int Redactions { get; private set; }

    /// <summary>Whether any PII or secret was seen (for the block action).</summary>
    public bool SawFinding => Redactions > 0;

    /// <summary>Adds a piece of the answer; returns the redacted text that can be released now (often empty).</summary>
    public string Push(string delta)
    {
        _held.Append(delta);
        return Release(final: false);
    }

    /// <summary>Releases everything held, at the end of the answer.</summary>
    public string Flush() => _held.Length == 0 ? "" : Release(final: true);

    private string Release(bool final)
    {
        var text = _held.ToString();
        var boundary = final ? text.Length : SafeBoundary(text);
        if (boundary <= 0)
        {
            // Nothing can go out yet (one unfinished word): no scan needed until more arrives.
            return "";
        }
        var findings = guard.Scan(text);
        if (findings.Count == 0)
        {
            // The common chunk: plain words go out as they are, without a copy when all of them can.
            _held.Remove(0, boundary);
            return boundary == text.Length ? text : text[..boundary];
        }
        boundary = BeforeCutFindings(findings, boundary);
        if (boundary <= 0)
        {
            return "";
        }
        var released = new List<Finding>(findings.Count);
        foreach (var finding in findings)
        {
            if (finding.End <= boundary)
            {
                released.Add(finding);
            }
        }
        Redactions += released.Count;
        _held.Remove(0, boundary);
        return AnswerGuard.Redact(text[..boundary], released);
    }

    // Moves the boundary before any finding it would cut, until none is cut.
    private static int BeforeCutFindings(IReadOnlyList<Finding> findings, int boundary)
    {
        for (var moved = true; moved;)
        {
            moved = false;
            foreach (var finding in findings)
            {
                if (finding.Start < boundary && finding.End > boundary)
                {
                    boundary = finding.Start;
                    moved = true;
                }
            }
        }
        return boundary;
    }

    // Where held text starts: at the unfinished last word, or earlier at the first word near the end that could begin a
    // finding of several words.
    private int SafeBoundary(string text)
    {
        var lastSpace = text.AsSpan().LastIndexOfAny(" \t\r\n");
        var boundary = lastSpace + 1;
        var windowStart = Math.Max(0, text.Length - holdBack);
        foreach (var word in Word().EnumerateMatches(text))
        {
            if (word.Index + word.Length > windowStart && word.Index < boundary && MayBeginFinding(text.AsSpan(word.Index, word.Length)))
            {
                return word.Index;
            }
        }
        return boundary;
    }

    private static bool MayBeginFinding(ReadOnlySpan<char> word) =>
        word.IndexOfAny("0123456789@+(") >= 0 || word.StartsWith('-') || Risky().IsMatch(word);

    [GeneratedRegex(@"\S+")]
    private static partial Regex Word();

    // Month names (dates of birth) and the key names of keyword-anchored secrets.
    [GeneratedRegex(@"^\W*(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\W*$|aws", RegexOptions.IgnoreCase)]
    private static partial Regex Risky();
}
