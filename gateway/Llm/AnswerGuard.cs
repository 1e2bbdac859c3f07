using MlOps.Guardrails;
using MlOps.Guardrails.Anonymization;
using MlOps.Guardrails.Pii;
using MlOps.Guardrails.Secrets;

namespace MlOps.Gateway.Llm;

/// <summary>PII and secrets in a model's answer (the guardrail library's checksum and pattern scanners), replaced by typed placeholders.</summary>
public sealed class AnswerGuard
{
    private readonly PiiScanner _pii = new();
    private readonly SecretScanner _secrets = new();

    public IReadOnlyList<Finding> Scan(string text) => text.Length == 0 ? [] : [.. _pii.Scan(text), .. _secrets.Scan(text)];

    /// <summary>The text with every finding replaced by a typed placeholder such as &lt;EMAIL_ADDRESS_1&gt;.</summary>
    public static string Redact(string text, IReadOnlyList<Finding> findings) =>
        findings.Count == 0 ? text : Anonymizer.Anonymize(text, findings, AnonymizeOperator.Placeholder).Text;
}
