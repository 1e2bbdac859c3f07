using MlOps.Guardrails;
using MlOps.Guardrails.Injection;
using MlOps.Guardrails.Secrets;

namespace MlOps.Gateway.Llm;

/// <summary>The input guard of <see cref="InputGuards"/>: the first violation in a request's texts, or null.</summary>
public sealed class InputGuard(MiniLmModel miniLm)
{
    private readonly SecretScanner _secrets = new();
    private readonly Lazy<InjectionScanner> _learned = new(() => new InjectionScanner(new InjectionCascade(LinearInjectionModel.Embedded, miniLm.Head)));

    public Finding? FirstViolation(IEnumerable<string> texts, string mode)
    {
        if (mode == InputGuards.Off)
        {
            return null;
        }
        foreach (var text in texts)
        {
            if (_secrets.Scan(text).FirstOrDefault() is { } secret)
            {
                return secret;
            }
            if (mode == InputGuards.Learned)
            {
                if (_learned.Value.Scan(text).FirstOrDefault() is { } injection)
                {
                    return injection;
                }
                continue;
            }
            var (normalized, hidden, _) = TextNormalizer.Normalize(text);
            if (hidden > 0)
            {
                return new Finding("HIDDEN_CHARACTERS", "injection", 0, text.Length, 0.8, GuardAction.Block);
            }
            if (InjectionRules.All.FirstOrDefault(r => r.Pattern.IsMatch(normalized)) is { Pattern: not null } rule)
            {
                return new Finding(rule.Kind, "injection", 0, text.Length, 0.95, GuardAction.Block);
            }
        }
        return null;
    }
}
