using System.Collections.Concurrent;
using MlOps.GuardrailGateway.Policies;
using MlOps.Guardrails;
using MlOps.Guardrails.Context;
using MlOps.Guardrails.Injection;
using MlOps.Guardrails.Pii;
using MlOps.Guardrails.Secrets;

namespace MlOps.GuardrailGateway.Guarding;

/// <summary>
/// The scanners, built once and shared (they are thread-safe): secrets, injection and context; PII per policy (its
/// lists and custom patterns), cached by policy version. MiniLM loads on first use of a learned scanner.
/// </summary>
public sealed class GuardScanners : IDisposable
{
    private readonly Lazy<MiniLmInjectionHead> _miniLm = new(() => new MiniLmInjectionHead());
    private readonly Lazy<InjectionScanner> _injection;
    private readonly Lazy<ContextInjectionScanner> _context;
    // One PII scanner per policy, rebuilt when the policy changes (so replaced versions do not pile up).
    private readonly ConcurrentDictionary<Guid, (DateTime Version, PiiScanner Scanner)> _pii = new();

    public GuardScanners()
    {
        _injection = new(() => new InjectionScanner(new InjectionCascade(LinearInjectionModel.Embedded, _miniLm.Value)));
        _context = new(() => new ContextInjectionScanner(new ContextInjectionHead(_miniLm.Value)));
    }

    public SecretScanner Secrets { get; } = new();

    /// <summary>The scanner for a name in a policy's list.</summary>
    public IScanner For(string name, Policy policy) => name switch
    {
        "pii" => _pii.AddOrUpdate(policy.Id, _ => (policy.UpdatedAt, Pii(policy)),
            (_, cached) => cached.Version == policy.UpdatedAt ? cached : (policy.UpdatedAt, Pii(policy))).Scanner,
        "secrets" => Secrets,
        "injection" => _injection.Value,
        "context" => _context.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown scanner"),
    };

    private static PiiScanner Pii(Policy policy) => new(new PiiScannerOptions
    {
        ScoreThreshold = policy.ThresholdFor("pii"),
        AllowList = policy.Settings.AllowList,
        DenyList = policy.Settings.DenyList,
        CustomPatterns = policy.Settings.CustomPatterns,
        Entities = policy.Settings.Entities.Count > 0 ? policy.Settings.Entities.ToHashSet() : null,
    });

    public void Dispose()
    {
        if (_miniLm.IsValueCreated)
        {
            _miniLm.Value.Dispose();
        }
    }
}
