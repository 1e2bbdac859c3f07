-- LLM policy of a virtual key (an API key with the llm scope): models, budgets, rate limits, cache.
CREATE TABLE llm_key_policies (
    key_id uuid PRIMARY KEY REFERENCES api_keys (id),
    team text,
    allowed_models text[] NOT NULL DEFAULT '{}',
    allowed_routes text[] NOT NULL DEFAULT '{}',
    budget_tokens bigint,
    budget_cost_micros bigint,
    budget_window text NOT NULL DEFAULT 'month',
    budget_window_seconds integer,
    soft_alert_ratio double precision NOT NULL DEFAULT 0.8,
    rpm integer,
    tpm integer,
    cache text NOT NULL DEFAULT 'exact',
    cache_nondeterministic boolean NOT NULL DEFAULT false,
    cache_ttl_seconds integer NOT NULL DEFAULT 3600,
    input_guard text NOT NULL DEFAULT 'rules',
    output_guard text NOT NULL DEFAULT 'redact',
    metadata jsonb NOT NULL DEFAULT '{}'
);

-- A quota window (budget, requests or tokens per minute) shared by all gateway replicas: each replica leases chunks of
-- it (granted) and reports what it charged; granted never passes the limit, so neither does the sum of charges.
CREATE TABLE llm_quota_windows (
    key_id uuid NOT NULL,
    kind text NOT NULL,
    window_start timestamptz NOT NULL,
    limit_amount bigint NOT NULL,
    granted bigint NOT NULL DEFAULT 0,
    charged bigint NOT NULL DEFAULT 0,
    -- when the soft alert of a budget window went out (once, whichever replica saw the charges cross it)
    alerted_at timestamptz,
    PRIMARY KEY (key_id, kind, window_start)
);

CREATE TABLE llm_usage (
    id uuid PRIMARY KEY,
    key_id uuid NOT NULL,
    tenant_id text NOT NULL,
    team text,
    model text NOT NULL,
    input_tokens integer NOT NULL,
    output_tokens integer NOT NULL,
    cached_input_tokens integer NOT NULL,
    cost_micros bigint NOT NULL,
    cache_status text NOT NULL,
    latency_ms double precision NOT NULL,
    outcome text NOT NULL,
    streamed boolean NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX llm_usage_key_day ON llm_usage (key_id, created_at);
CREATE INDEX llm_usage_tenant_day ON llm_usage (tenant_id, created_at);
