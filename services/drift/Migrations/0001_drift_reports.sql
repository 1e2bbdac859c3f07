CREATE TABLE drift_reports (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    model_name text NOT NULL,
    version integer NOT NULL,
    window_rows bigint NOT NULL,
    share_drifted double precision NOT NULL,
    dataset_drift boolean NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
