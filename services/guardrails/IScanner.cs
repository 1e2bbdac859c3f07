namespace MlOps.Guardrails;

/// <summary>A pure, thread-safe detector: text in, findings out, no I/O.</summary>
public interface IScanner
{
    /// <summary>Short name used in findings and policies, e.g. pii.</summary>
    string Name { get; }

    /// <summary>Every finding in <paramref name="text"/>, in no particular order.</summary>
    IReadOnlyList<Finding> Scan(string text);
}
