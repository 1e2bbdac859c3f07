-- What a version must satisfy before it may become champion, per model.
CREATE TABLE promotion_policies (
    model_id uuid PRIMARY KEY REFERENCES registered_models (id),
    policy jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every alias move with whether its gate passed, so a rollback can find the last good champion.
CREATE TABLE alias_history (
    id uuid PRIMARY KEY,
    model_id uuid NOT NULL REFERENCES registered_models (id),
    alias text NOT NULL,
    version integer,
    gate_passed boolean NOT NULL,
    overridden boolean NOT NULL DEFAULT false,
    moved_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alias_history_model ON alias_history (model_id, alias, id);
