CREATE TABLE deployments (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    model_name text NOT NULL,
    alias text NOT NULL,
    version integer NOT NULL,
    status text NOT NULL CHECK (status IN ('loading', 'ready', 'failed', 'retired')),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, model_name, alias)
);
