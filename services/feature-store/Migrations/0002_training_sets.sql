-- Point-in-time training sets: the entity rows each joined to the feature values valid at its timestamp, kept as built.
CREATE TABLE training_sets (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    feature_service text NOT NULL,
    feature_service_version int NOT NULL,
    -- The views (with versions), join keys, timestamp column and feature columns the set was built from: its lineage.
    definition jsonb NOT NULL,
    row_count bigint NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX training_sets_tenant ON training_sets (tenant_id, id);

CREATE TABLE training_set_rows (
    training_set_id uuid NOT NULL REFERENCES training_sets (id) ON DELETE CASCADE,
    row_no int NOT NULL,
    row jsonb NOT NULL,
    PRIMARY KEY (training_set_id, row_no)
);
