namespace MlOps.Gateway.Llm.Admission;

/// <summary>
/// The virtual key's input guard for this request (a feature on the request), which the forwarded identity token carries to
/// guardrail-gateway: the input policy has one owner, and the prompt is scanned there once.
/// </summary>
public sealed record KeyInputGuard(string Mode);
