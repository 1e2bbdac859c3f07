namespace MlOps.Gateway.Llm.Caching;

/// <summary>
/// How the cache treats one request: its status (MISS, REFRESH, BYPASS), the exact key when the answer may be stored, and
/// the semantic question when the key's cache is semantic.
/// </summary>
public readonly record struct CacheLookup(string Status, ResponseCache.Key? Key, SemanticCache.Question? Question);
