-- Measured load on a version (a load test, or a canary's error rate and p99): the readiness gate wants one before champion.
CREATE TABLE load_tests (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    model_id uuid NOT NULL REFERENCES registered_models (id),
    version integer NOT NULL,
    source text NOT NULL,
    requests bigint NOT NULL,
    error_rate double precision NOT NULL,
    p99_milliseconds double precision NOT NULL,
    rollout_id uuid,
    recorded_by_key text,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (model_id, version) REFERENCES model_versions (model_id, version)
);
CREATE INDEX load_tests_version ON load_tests (model_id, version, id);
