namespace MlOps.Registry.Model;

/// <summary>One check of a promotion gate and why it passed or failed.</summary>
public sealed record GateCheck(string Check, bool Passed, string Detail);
