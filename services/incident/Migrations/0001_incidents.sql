CREATE TABLE incidents (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    title text NOT NULL,
    severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    source text NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    opened_at timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz,
    resolution text
);
CREATE INDEX incidents_tenant ON incidents (tenant_id, id);
