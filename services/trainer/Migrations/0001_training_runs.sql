CREATE TABLE training_runs (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    model_name text NOT NULL,
    dataset_id uuid,
    status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    message text,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
