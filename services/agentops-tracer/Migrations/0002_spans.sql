-- Spans as OTLP delivered them, one row per (tenant, trace, span): a re-sent batch is stored once.
CREATE TABLE spans (
    tenant_id text NOT NULL,
    trace_id bytea NOT NULL,
    span_id bytea NOT NULL,
    parent_span_id bytea,
    name text NOT NULL,
    kind smallint NOT NULL,
    service_name text,
    start_time timestamptz NOT NULL,
    end_time timestamptz NOT NULL,
    duration_ns bigint NOT NULL,
    status_code smallint NOT NULL,
    status_message text,
    attributes jsonb NOT NULL,
    events jsonb,
    observation_type text NOT NULL,
    operation text,
    provider text,
    request_model text,
    response_model text,
    input_tokens bigint,
    output_tokens bigint,
    session_id text,
    agent_name text,
    tool_name text,
    user_id text,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, trace_id, span_id)
);

CREATE INDEX spans_tenant_start ON spans (tenant_id, start_time);
CREATE INDEX spans_tenant_session ON spans (tenant_id, session_id, start_time) WHERE session_id IS NOT NULL;
