namespace MlOps.ServiceDefaults.Identity;

/// <summary>
/// The scope every route needs, by service, method and service-relative path: the gateway checks it at the edge and each
/// service again. Reads (GET, HEAD) need <c>&lt;service&gt;:read</c>, everything else <c>:write</c>, unless a rule says more.
/// </summary>
public static class ScopeTable
{
    /// <summary>No scope: probes any caller (and orchestrator) may ask.</summary>
    public const string Anyone = "";

    private static readonly ScopeRule[] Common =
    [
        new("*", "/health/**", Anyone),
        new("*", "/alive/**", Anyone),
        new("*", "/openapi/**", PlatformScopes.Admin),
        new("*", "/scalar/**", PlatformScopes.Admin),
        // Services answer /metrics to the scraper's credential only; at the edge it is an operator's route.
        new("*", "/metrics/**", PlatformScopes.Admin),
    ];

    private static readonly IReadOnlyDictionary<string, ScopeRule[]> Rules = new Dictionary<string, ScopeRule[]>(StringComparer.Ordinal)
    {
        ["registry"] =
        [
            new("PUT", "/models/*/policy", PlatformScopes.RegistryPromote),
            new("POST", "/models/*/rollback", PlatformScopes.RegistryPromote),
            new("PUT", "/models/*/aliases/champion", PlatformScopes.RegistryPromote),
            new("DELETE", "/models/*/aliases/champion", PlatformScopes.RegistryPromote),
        ],
        ["inference"] =
        [
            // The Open Inference Protocol's probes and server metadata (name, version, extensions) answer anyone, as KServe's do.
            new("GET", "/v2/health/**", Anyone),
            new("GET", "/v2", Anyone),
            new("POST", "/v2/models/*/infer", PlatformScopes.InferencePredict),
            new("POST", "/v2/models/*/versions/*/infer", PlatformScopes.InferencePredict),
            new("POST", "/v1/models/*", PlatformScopes.InferencePredict),
            new("PUT", "/deployments/*/traffic", PlatformScopes.InferenceDeploy),
            // A rollout ends by making its challenger champion: only someone who may promote starts one (no confused deputy).
            new("PUT", "/deployments/*/rollout", PlatformScopes.RegistryPromote),
            new("DELETE", "/deployments/*/rollout", PlatformScopes.InferenceDeploy),
        ],
        // Comparing two samples changes nothing.
        ["drift"] = [new("POST", "/v1/drift/compare", "drift:read")],
        // An exporter's key (traces:write) must not switch its tenant's content redaction or anomaly alerting off.
        ["traces"] =
        [
            new("PUT", "/content-policy", PlatformScopes.TracesPolicy),
            new("PUT", "/anomaly-rules", PlatformScopes.TracesPolicy),
        ],
        // Alert senders (Alertmanager, scripts) hold a key that can raise alerts and do nothing else.
        ["incident"] = [new("POST", "/v1/alerts/**", PlatformScopes.IncidentAlert)],
        // An online lookup reads features; it is a POST only because it carries many entities.
        ["features"] = [new("POST", "/online-features", "features:read")],
        ["guard"] =
        [
            new("POST", "/v1/guard/scan", "guard:read"),
            new("PUT", "/policies/**", PlatformScopes.GuardPolicy),
            new("DELETE", "/policies/**", PlatformScopes.GuardPolicy),
            new("*", "/v1/chat/completions", PlatformScopes.Llm),
            new("*", "/v1/embeddings", PlatformScopes.Llm),
        ],
    };

    /// <summary>The scope a request needs; <see cref="Anyone"/> for probes.</summary>
    public static string Required(string servicePrefix, string method, ReadOnlySpan<char> path)
    {
        foreach (var rule in Rules.GetValueOrDefault(servicePrefix, []))
        {
            if (rule.Matches(method, path))
            {
                return rule.Scope;
            }
        }
        foreach (var rule in Common)
        {
            if (rule.Matches(method, path))
            {
                return rule.Scope;
            }
        }
        return HttpMethodIsRead(method) ? servicePrefix + ":read" : servicePrefix + ":write";
    }

    private static bool HttpMethodIsRead(string method) =>
        string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase) || string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase)
        || string.Equals(method, "OPTIONS", StringComparison.OrdinalIgnoreCase);
}
