-- Batch scoring jobs. Progress is committed per chunk together with the length of the results file at that point,
-- so a job taken over after a crash truncates the results to it and continues from rows_done.
CREATE TABLE batch_jobs (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    client_key text,
    model_name text NOT NULL,
    model_version integer,
    format text NOT NULL CHECK (format IN ('csv', 'jsonl')),
    status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    input_bytes bigint NOT NULL,
    rows_done bigint NOT NULL DEFAULT 0,
    output_bytes bigint NOT NULL DEFAULT 0,
    error text,
    lease_owner text,
    lease_until timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz,
    UNIQUE (tenant_id, client_key)
);
CREATE INDEX batch_jobs_pending ON batch_jobs (created_at) WHERE status IN ('queued', 'running');
