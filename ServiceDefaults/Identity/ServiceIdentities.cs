namespace MlOps.ServiceDefaults.Identity;

/// <summary>The scopes each service's own identity holds for its background work: only what that work needs.</summary>
public static class ServiceIdentities
{
    /// <summary>The identity of the platform's own Alertmanager.</summary>
    public const string PlatformAlertmanager = "alertmanager";

    public const string Gateway = "gateway";
    public const string GuardrailGateway = "guardrail-gateway";

    /// <summary>The services whose exported GenAI spans the tracer files under each span's own <c>mlops.tenant</c>.</summary>
    public static readonly IReadOnlySet<string> TraceExporters = new HashSet<string>(StringComparer.Ordinal) { Gateway, GuardrailGateway };

    private static readonly IReadOnlyDictionary<string, string[]> Scopes = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        // Registers and promotes for retraining commands and the demo model, reading a retrained model's training set from the
        // feature store; a user's run does all of it as the user.
        ["trainer"] = ["registry:read", "registry:write", PlatformScopes.RegistryPromote, "features:read"],
        // Resolves aliases and fetches artifacts; a passed canary records its figures as the version's load test (registry:write)
        // and asks the gate for champion (registry:promote), for a starter who held registry:promote when the rollout began.
        ["inference"] = ["registry:read", "registry:write", PlatformScopes.RegistryPromote],
        // Reads reference profiles, registered metrics and lineage, and the training sets versions learned from (skew).
        ["drift"] = ["registry:read", "features:read"],
        // Postmortem narratives through guardrail-gateway's chat completions (its input guardrails apply); runbook steps:
        // pause or resume ingest pipelines, set a model's canary and shadow, start a canary analysis (which promotes when it
        // passes, so inference asks its starter for registry:promote), throttle or block a virtual key.
        ["incident"] = ["registry:read", PlatformScopes.Llm, "ingest:write", PlatformScopes.InferenceDeploy, PlatformScopes.RegistryPromote, PlatformScopes.LlmKeys],
        // The platform's own Alertmanager (not a .NET service): sends every tenant's SLO burn alerts, which is why incident takes
        // the tenant from an alert's label for this identity only (OAuth 2.0 client credentials from Alertmanager's http_config).
        [PlatformAlertmanager] = [PlatformScopes.IncidentAlert],
        // The LLM path exports its GenAI spans to the tracer (MlOps:TraceExport), and does nothing else under its own identity.
        [Gateway] = ["traces:write"],
        [GuardrailGateway] = ["traces:write"],
    };

    public static IReadOnlyList<string>? ScopesOf(string service) => Scopes.GetValueOrDefault(service);

    public static IEnumerable<string> Names => Scopes.Keys;
}
