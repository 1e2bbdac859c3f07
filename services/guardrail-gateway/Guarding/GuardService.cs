using System.Security.Cryptography;
using System.Text;
using MlOps.GuardrailGateway.Policies;
using MlOps.Guardrails;
using MlOps.Guardrails.Anonymization;

namespace MlOps.GuardrailGateway.Guarding;

/// <summary>Applies a policy to a text or a conversation: the scanners each role gets, thresholds, actions, and redaction of what the policy redacts.</summary>
public sealed class GuardService(GuardScanners scanners)
{
    private static readonly HashSet<string> ContentRoles = ["tool", "function", "context", "document"];

    /// <summary>Scans every message (index null for a plain text) and redacts the findings whose action is redact.</summary>
    public ScanResponse Scan(Policy policy, string tenant, IReadOnlyList<(int? Index, string? Role, string Text)> texts)
    {
        var findings = new List<ScanFinding>();
        var placeholders = new PlaceholderMapping();
        var @operator = Enum.Parse<AnonymizeOperator>(policy.Settings.Anonymizer, ignoreCase: true);
        var salt = SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}|{policy.Id}"));
        var redacted = new List<string>();
        foreach (var (index, role, text) in texts)
        {
            var toRedact = new List<Finding>();
            foreach (var name in ScannersFor(role, policy))
            {
                foreach (var finding in scanners.For(name, policy).Scan(text).Where(f => f.Score >= policy.ThresholdFor(name)))
                {
                    var action = policy.ActionFor(name, finding.Kind);
                    findings.Add(new ScanFinding(index, name, finding.Kind, finding.Start, finding.Length, finding.Score, action));
                    if (action == "redact")
                    {
                        toRedact.Add(finding);
                    }
                }
            }
            redacted.Add(toRedact.Count == 0 ? text : Anonymizer.Anonymize(text, toRedact, @operator, salt, placeholders).Text);
        }
        var verdict = findings.Count == 0 ? "allow" : findings.MaxBy(f => Policy.Strength(f.Action))!.Action;
        var mapping = @operator == AnonymizeOperator.Placeholder && placeholders.Originals.Count > 0 ? placeholders.Originals : null;
        return texts is [{ Index: null }]
            ? new ScanResponse(verdict, policy.Name, findings, redacted[0], null, mapping)
            : new ScanResponse(verdict, policy.Name, findings, null, [.. texts.Select((t, i) => new GuardMessage(t.Role, redacted[i]))], mapping);
    }

    // Retrieved and tool content is checked for planted instructions, what users type for direct injection; the application's
    // own system prompt and the model's earlier answers for PII and secrets only.
    private static IEnumerable<string> ScannersFor(string? role, Policy policy)
    {
        var kind = role is null ? "user" : ContentRoles.Contains(role) ? "content" : role is "assistant" or "system" or "developer" ? "trusted" : "user";
        return policy.Scanners.Where(s => s switch
        {
            "injection" => kind == "user",
            "context" => kind == "content",
            _ => true,
        });
    }
}
