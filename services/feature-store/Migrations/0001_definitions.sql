-- Entities, feature views and feature services per tenant, versioned: a PUT adds a version, a DELETE adds one without a
-- definition, and every version stays.
CREATE TABLE definitions (
    tenant_id text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('entity', 'feature_view', 'feature_service')),
    name text NOT NULL,
    version int NOT NULL,
    definition jsonb,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, kind, name, version)
);
