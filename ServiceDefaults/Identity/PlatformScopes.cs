namespace MlOps.ServiceDefaults.Identity;

/// <summary>The scopes an API key or service identity can hold. Each service has <c>&lt;service&gt;:read</c> and <c>:write</c>.</summary>
public static class PlatformScopes
{
    /// <summary>Every scope but <see cref="Llm"/>: the OpenAI-compatible routes stay for virtual keys.</summary>
    public const string Admin = "admin";

    /// <summary>A virtual key: the gateway's /v1 routes under its LLM policy.</summary>
    public const string Llm = "llm";

    public const string RegistryPromote = "registry:promote";
    public const string InferencePredict = "inference:predict";
    public const string InferenceDeploy = "inference:deploy";
    public const string GuardPolicy = "guard:policy";
    /// <summary>Setting what the tracer keeps of a tenant's message contents and its anomaly rules: not something an exporter's key may loosen.</summary>
    public const string TracesPolicy = "traces:policy";
    /// <summary>Sending alerts to incident (an Alertmanager receiver's key), and nothing else there.</summary>
    public const string IncidentAlert = "incident:alert";
    /// <summary>Changing the limits of, or blocking, the virtual keys of one's own tenant at the gateway (PATCH /admin/llm-keys/{id}).</summary>
    public const string LlmKeys = "llm:keys";

    /// <summary>Scope prefixes by service (the gateway's route id); guardrail-gateway and agentops-tracer have short ones.</summary>
    public static readonly IReadOnlyDictionary<string, string> ServicePrefixes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ingest"] = "ingest",
        ["registry"] = "registry",
        ["trainer"] = "trainer",
        ["inference"] = "inference",
        ["drift"] = "drift",
        ["guardrail-gateway"] = "guard",
        ["agentops-tracer"] = "traces",
        ["incident"] = "incident",
        ["feature-store"] = "features",
    };

    /// <summary>Every scope a key may be created with.</summary>
    public static readonly IReadOnlySet<string> All = ServicePrefixes.Values
        .SelectMany(prefix => new[] { prefix + ":read", prefix + ":write" })
        .Concat([Admin, Llm, RegistryPromote, InferencePredict, InferenceDeploy, GuardPolicy, TracesPolicy, IncidentAlert, LlmKeys])
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether a holder of <paramref name="held"/> may act under <paramref name="required"/>.</summary>
    public static bool Grants(IReadOnlySet<string> held, string required) =>
        held.Contains(required) || (required != Llm && held.Contains(Admin));
}
