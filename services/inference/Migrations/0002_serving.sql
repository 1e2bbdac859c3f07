-- deployments holds what should be served (the registry's champion/challenger as its events said, newest event wins);
-- each replica keeps its own load state in memory.
ALTER TABLE deployments DROP COLUMN status;
ALTER TABLE deployments ADD COLUMN changed_at timestamptz NOT NULL DEFAULT now();

CREATE TABLE model_traffic (
    tenant_id text NOT NULL,
    model_name text NOT NULL,
    canary_percent double precision NOT NULL DEFAULT 0 CHECK (canary_percent >= 0 AND canary_percent <= 100),
    shadow boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, model_name)
);

-- Every prediction, written in batches off the request path (binary COPY). Values are arrays in the order named by
-- prediction_schemas (cheap to write at thousands of rows a second). No unique key: a client may reuse its ids.
CREATE TABLE prediction_schemas (
    tenant_id text NOT NULL,
    model_name text NOT NULL,
    version integer NOT NULL,
    numeric_features text[] NOT NULL,
    categorical_features text[] NOT NULL,
    outputs text[] NOT NULL,
    PRIMARY KEY (tenant_id, model_name, version)
);
CREATE TABLE predictions (
    request_id uuid NOT NULL,
    row_index integer NOT NULL,
    tenant_id text NOT NULL,
    model_name text NOT NULL,
    version integer NOT NULL,
    role text NOT NULL,
    numeric_features double precision[] NOT NULL,
    categorical_features text[] NOT NULL,
    outputs double precision[] NOT NULL,
    score double precision,
    latency_us integer NOT NULL,
    created_at timestamptz NOT NULL
);
-- Request ids are uuid v7 (time-ordered) unless a client sends its own: a BRIN index finds them at almost no write cost.
CREATE INDEX predictions_request ON predictions USING brin (request_id);
CREATE INDEX predictions_created ON predictions USING brin (created_at);

-- Ground truth that arrives later, joined to predictions by request id and row.
CREATE TABLE prediction_feedback (
    tenant_id text NOT NULL,
    request_id uuid NOT NULL,
    row_index integer NOT NULL,
    label double precision NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, request_id, row_index)
);
