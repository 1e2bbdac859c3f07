namespace MlOps.Gateway.Llm;

/// <summary>
/// What a virtual key checks in prompts before the call: nothing; rules (secrets by their formats and checksums, hidden
/// characters, and the injection rules on normalized text); or learned (the rules plus the n-gram → MiniLM cascade).
/// PII is left to guardrail-gateway's tenant policy, which replaces it with placeholders and restores it in the answer.
/// </summary>
public static class InputGuards
{
    public const string Off = "off";
    public const string Rules = "rules";
    public const string Learned = "learned";

    public static readonly string[] All = [Off, Rules, Learned];
}
