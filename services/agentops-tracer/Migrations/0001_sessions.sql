CREATE TABLE agent_sessions (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    session_key text NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    span_count bigint NOT NULL DEFAULT 0,
    input_tokens bigint NOT NULL DEFAULT 0,
    output_tokens bigint NOT NULL DEFAULT 0,
    cost numeric(18, 6) NOT NULL DEFAULT 0,
    UNIQUE (tenant_id, session_key)
);
