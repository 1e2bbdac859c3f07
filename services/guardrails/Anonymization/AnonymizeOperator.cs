namespace MlOps.Guardrails.Anonymization;

/// <summary>How a finding's text is replaced (Presidio's anonymizer operators).</summary>
public enum AnonymizeOperator
{
    /// <summary>Replaced by [REDACTED].</summary>
    Redact,
    /// <summary>Every character but the last four becomes '*'.</summary>
    Mask,
    /// <summary>A typed, numbered placeholder such as &lt;EMAIL_ADDRESS_1&gt;; the same value gets the same placeholder, and the mapping restores it.</summary>
    Placeholder,
    /// <summary>A salted HMAC-SHA256 of the value (16 hex characters): equal values stay joinable, the value is not recoverable.</summary>
    Hash,
}
