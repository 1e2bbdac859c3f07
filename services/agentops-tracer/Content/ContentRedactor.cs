using MlOps.Guardrails;
using MlOps.Guardrails.Anonymization;
using MlOps.Guardrails.Pii;
using MlOps.Guardrails.Secrets;

namespace MlOps.AgentOpsTracer.Content;

/// <summary>
/// PII (the guardrail library's Presidio-style recognizers, checksums included) and secrets in message contents, replaced by
/// typed placeholders: the same redaction the gateway applies to answers. Thread-safe; one per service.
/// </summary>
public sealed class ContentRedactor
{
    private readonly PiiScanner _pii = new();
    private readonly SecretScanner _secrets = new();

    /// <summary>The text with each finding replaced; <paramref name="placeholders"/> numbers them across one span's texts.</summary>
    public string Redact(string text, PlaceholderMapping placeholders, out int findings)
    {
        if (text.Length == 0)
        {
            findings = 0;
            return text;
        }
        var (pii, secrets) = (_pii.Scan(text), _secrets.Scan(text));
        findings = pii.Count + secrets.Count;
        if (findings == 0)
        {
            return text;
        }
        IReadOnlyList<Finding> all = secrets.Count == 0 ? pii : pii.Count == 0 ? secrets : [.. pii, .. secrets];
        return Anonymizer.Anonymize(text, all, AnonymizeOperator.Placeholder, placeholders: placeholders).Text;
    }
}
