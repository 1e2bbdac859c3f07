using System.Text;

namespace MlOps.Gateway.Llm;

/// <summary>
/// Redacts one streamed answer as it arrives: the last <c>holdBack</c> characters are held until more text shows whether
/// they start an e-mail address or a card number, and text is never released in the middle of a finding; so PII up to
/// <c>holdBack</c> characters long is caught however the provider splits it into chunks.
/// </summary>
public sealed class StreamingRedactor(AnswerGuard guard, int holdBack)
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
        return _held.Length <= holdBack ? "" : Release(final: false);
    }

    /// <summary>Releases everything held, at the end of the answer.</summary>
    public string Flush() => _held.Length == 0 ? "" : Release(final: true);

    private string Release(bool final)
    {
        var text = _held.ToString();
        var findings = guard.Scan(text);
        var boundary = final ? text.Length : text.Length - holdBack;
        // Move the boundary before any finding it would cut, until none is cut.
        for (var moved = true; moved;)
        {
            moved = false;
            foreach (var finding in findings.Where(f => f.Start < boundary && f.End > boundary))
            {
                boundary = finding.Start;
                moved = true;
            }
        }
        if (boundary <= 0)
        {
            return "";
        }
        var released = findings.Where(f => f.End <= boundary).ToList();
        Redactions += released.Count;
        _held.Remove(0, boundary);
        return AnswerGuard.Redact(text[..boundary], released);
    }
}
