namespace MlOps.Gateway.Llm.Guards;

/// <summary>What a virtual key does with PII and secrets in answers: nothing, replace them, or end the answer.</summary>
public static class OutputGuards
{
    public const string Off = "off";
    public const string Redact = "redact";
    public const string Block = "block";

    public static readonly string[] All = [Off, Redact, Block];
}
