-- Sessions are read from spans now; the old summary table was never written.
DROP TABLE agent_sessions;

-- Cost at intake from the price table: null when no tokens, or (priced = false) when the model has no price.
ALTER TABLE spans ADD COLUMN cached_input_tokens bigint, ADD COLUMN cost numeric(24, 12), ADD COLUMN priced boolean NOT NULL DEFAULT true;

CREATE INDEX spans_tenant_trace ON spans (tenant_id, trace_id);

-- Sessions that received spans since the anomaly detector last looked; written in the intake's transaction.
CREATE TABLE touched_sessions (
    tenant_id text NOT NULL,
    session_id text NOT NULL,
    touched_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, session_id)
);

-- A tenant's anomaly thresholds; a tenant without a row gets the configured defaults.
CREATE TABLE anomaly_rules (
    tenant_id text PRIMARY KEY,
    tool_loop_repeats integer NOT NULL,
    session_token_cap bigint,
    session_cost_cap numeric(24, 12),
    error_burst_count integer NOT NULL,
    error_burst_window_seconds integer NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per anomaly raised: each (session, kind) is published once.
CREATE TABLE agent_anomalies (
    tenant_id text NOT NULL,
    session_id text NOT NULL,
    kind text NOT NULL,
    detail text NOT NULL,
    detected_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, session_id, kind)
);
