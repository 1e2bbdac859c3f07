namespace MlOps.Gateway.Llm.Caching;

/// <summary>Response cache modes of a virtual key.</summary>
public static class CacheModes
{
    public const string Off = "off";
    public const string Exact = "exact";
    public const string Semantic = "semantic";

    public static readonly string[] All = [Off, Exact, Semantic];
}
