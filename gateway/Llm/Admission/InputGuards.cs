namespace MlOps.Gateway.Llm.Admission;

/// <summary>
/// What a virtual key asks of prompts before the call: nothing more than the tenant's policy; rules (secrets and the
/// injection rules block); or learned (the injection classifier's verdict blocks too). The edge does not scan: the setting
/// travels in the forwarded identity token and guardrail-gateway applies the stricter of it and the tenant's policy, once.
/// </summary>
public static class InputGuards
{
    public const string Off = "off";
    public const string Rules = "rules";
    public const string Learned = "learned";

    public static readonly string[] All = [Off, Rules, Learned];
}
