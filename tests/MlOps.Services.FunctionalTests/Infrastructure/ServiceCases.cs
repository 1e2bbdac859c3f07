namespace MlOps.Services.FunctionalTests.Infrastructure;

/// <summary>The resource every service owns and lists today.</summary>
public static class ServiceCases
{
    public static readonly ServiceCase[] All =
    [
        new("ingest", "/pipelines", KeyIsName: true, "INSERT INTO pipelines (id, tenant_id, name, dataset, source_type, source_config, source_protected, destination) "
            + "VALUES (@id, @tenant, @key, 'd', 'files', '{}', 'unreadable', '{}')"),
        new("registry", "/models", KeyIsName: true, "INSERT INTO registered_models (id, tenant_id, name) VALUES (@id, @tenant, @key)"),
        new("trainer", "/runs", KeyIsName: false, "INSERT INTO training_runs (id, tenant_id, model_name, status) VALUES (@id, @tenant, @key, 'queued')"),
        new("inference", "/jobs", KeyIsName: false, "INSERT INTO batch_jobs (id, tenant_id, model_name, format, status, input_bytes) VALUES (@id, @tenant, @key, 'csv', 'succeeded', 10)"),
        new("drift", "/reports", KeyIsName: false, "INSERT INTO drift_reports (id, tenant_id, model_name, version, window_rows, share_drifted, dataset_drift) VALUES (@id, @tenant, @key, 1, 1000, 0.25, false)"),
        new("guardrail-gateway", "/policies", KeyIsName: true, "INSERT INTO policies (id, tenant_id, name, action, scanners) VALUES (@id, @tenant, @key, 'block', '{pii,secrets}')"),
        // A session is its spans: one span carrying the session id.
        new("agentops-tracer", "/sessions", KeyIsName: true, "INSERT INTO spans (tenant_id, trace_id, span_id, name, kind, start_time, end_time, duration_ns, "
            + "status_code, attributes, observation_type, session_id) VALUES (@tenant, decode(md5(@id::text), 'hex'), decode(substr(md5(@key), 1, 16), 'hex'), "
            + "'span', 1, now(), now(), 0, 0, '{}', 'span', @key)", IdPaged: false),
        new("incident", "/incidents", KeyIsName: false, "INSERT INTO incidents (id, tenant_id, title, severity, source) VALUES (@id, @tenant, @key, 'low', 'manual')"),
    ];

    public static TheoryData<string> Names() => new(All.Select(c => c.Service));

    public static TheoryData<string> IdPagedNames() => new(All.Where(c => c.IdPaged).Select(c => c.Service));

    /// <summary>The read scope of a service (its scope prefix, e.g. guard:read for guardrail-gateway).</summary>
    public static string ReadScope(this ServiceCase serviceCase) => MlOps.ServiceDefaults.Identity.PlatformScopes.ServicePrefixes[serviceCase.Service] + ":read";

    public static ServiceCase Get(string service) => All.Single(c => c.Service == service);
}
