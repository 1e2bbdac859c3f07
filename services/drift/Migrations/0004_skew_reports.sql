-- Training–serving skew per evaluated window: the served features against the training set the version learned from.
CREATE TABLE skew_reports (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    model_name text NOT NULL,
    version integer NOT NULL,
    window_id uuid NOT NULL UNIQUE,
    training_set uuid NOT NULL,
    feature_service text,
    window_rows bigint NOT NULL,
    training_rows bigint NOT NULL,
    skewed_features text[] NOT NULL DEFAULT '{}',
    -- Why no comparison was made (the feature store away, the set gone); null when compared.
    error text,
    result jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX skew_reports_tenant ON skew_reports (tenant_id, id);
CREATE INDEX skew_reports_model ON skew_reports (tenant_id, model_name, version, id);
