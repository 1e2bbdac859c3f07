namespace MlOps.Inference.Serving;

/// <summary>Where loading an alias's version stands: loading, ready, failed (retried by the next sweep) or refused (failed verification; never retried).</summary>
public sealed record AliasState(string Alias, int? Version, string Status, string? Message)
{
    public const string Loading = "loading";
    public const string Ready = "ready";
    public const string Failed = "failed";
    public const string Refused = "refused";
}
