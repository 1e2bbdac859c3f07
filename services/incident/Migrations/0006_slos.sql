-- Service-level objectives per tenant, versioned like rules; Prometheus rules are generated from the live versions.
CREATE TABLE slos (
    tenant_id text NOT NULL,
    name text NOT NULL,
    version int NOT NULL,
    definition jsonb,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, name, version)
);
