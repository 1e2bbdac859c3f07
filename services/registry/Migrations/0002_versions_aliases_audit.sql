ALTER TABLE registered_models ADD COLUMN tags jsonb NOT NULL DEFAULT '{}';
CREATE INDEX registered_models_tags ON registered_models USING gin (tags);

CREATE TABLE model_versions (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    model_id uuid NOT NULL REFERENCES registered_models (id),
    version integer NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'ready', 'failed')),
    status_message text,
    description text NOT NULL DEFAULT '',
    tags jsonb NOT NULL DEFAULT '{}',
    metrics jsonb NOT NULL DEFAULT '{}',
    params jsonb NOT NULL DEFAULT '{}',
    lineage jsonb NOT NULL DEFAULT '{}',
    input_schema jsonb NOT NULL,
    output_schema jsonb NOT NULL,
    input_example jsonb,
    artifact_digest text NOT NULL,
    artifact_size bigint NOT NULL,
    signature text NOT NULL,
    signing_key_id uuid NOT NULL,
    created_by_key text,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (model_id, version)
);

CREATE TABLE model_aliases (
    model_id uuid NOT NULL REFERENCES registered_models (id),
    alias text NOT NULL,
    version integer NOT NULL,
    revision bigint NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model_id, alias)
);

-- Every mutation: who (key), which tenant, what, before and after.
CREATE TABLE audit_log (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    key_id text,
    action text NOT NULL,
    entity text NOT NULL,
    before jsonb,
    after jsonb,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_tenant ON audit_log (tenant_id, id);

-- The registry's Ed25519 signing key; the private half never leaves the service.
CREATE TABLE signing_keys (
    id uuid PRIMARY KEY,
    public_key bytea NOT NULL,
    private_key bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
