CREATE TABLE policies (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    name text NOT NULL,
    action text NOT NULL CHECK (action IN ('block', 'redact', 'flag')),
    scanners text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, name)
);
