namespace MlOps.Guardrails;

/// <summary>What to do about a finding.</summary>
public enum GuardAction
{
    /// <summary>Let it through and record it.</summary>
    Flag,
    /// <summary>Replace the span (see the anonymizer operators).</summary>
    Redact,
    /// <summary>Refuse the whole text.</summary>
    Block,
}
