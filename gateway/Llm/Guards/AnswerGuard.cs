using MlOps.Guardrails;
using MlOps.Guardrails.Anonymization;
using MlOps.Guardrails.Pii;
using MlOps.Guardrails.Secrets;

namespace MlOps.Gateway.Llm.Guards;

/// <summary>PII and secrets in a model's answer (the guardrail library's checksum and pattern scanners), replaced by typed placeholders.</summary>
public sealed class AnswerGuard
{
    private readonly PiiScanner _pii = new();
    private readonly SecretScanner _secrets = new();

    public IReadOnlyList<Finding> Scan(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }
        var (pii, secrets) = (_pii.Scan(text), _secrets.Scan(text));
        // Streamed answers are scanned a few words at a time, mostly finding nothing: no copy then.
        return secrets.Count == 0 ? pii : pii.Count == 0 ? secrets : [.. pii, .. secrets];
    }

    /// <summary>The text with every finding replaced by a typed placeholder such as &lt;EMAIL_ADDRESS_1&gt;.</summary>
    public static string Redact(string text, IReadOnlyList<Finding> findings) =>
        findings.Count == 0 ? text : Anonymizer.Anonymize(text, findings, AnonymizeOperator.Placeholder).Text;
}
