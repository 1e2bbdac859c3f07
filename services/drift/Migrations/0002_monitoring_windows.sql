-- Tumbling windows of logged predictions per model version; batches are kept until the window is evaluated.
CREATE TABLE monitor_windows (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    model_name text NOT NULL,
    version integer NOT NULL,
    state text NOT NULL DEFAULT 'open',
    row_count bigint NOT NULL DEFAULT 0,
    opened_at timestamptz NOT NULL DEFAULT now(),
    closed_at timestamptz,
    lease_until timestamptz,
    attempts integer NOT NULL DEFAULT 0,
    error text
);
CREATE UNIQUE INDEX monitor_windows_one_open ON monitor_windows (tenant_id, model_name, version) WHERE state = 'open';
CREATE INDEX monitor_windows_closed ON monitor_windows (closed_at) WHERE state = 'closed';

CREATE TABLE window_batches (
    window_id uuid NOT NULL REFERENCES monitor_windows (id) ON DELETE CASCADE,
    message_id uuid NOT NULL,
    row_count integer NOT NULL,
    payload bytea NOT NULL,
    PRIMARY KEY (window_id, message_id)
);

ALTER TABLE drift_reports
    ADD COLUMN window_id uuid,
    ADD COLUMN window_opened_at timestamptz,
    ADD COLUMN window_closed_at timestamptz,
    ADD COLUMN prediction_drift boolean NOT NULL DEFAULT false,
    ADD COLUMN severity text,
    ADD COLUMN drifted_features text[] NOT NULL DEFAULT '{}',
    ADD COLUMN result jsonb;
CREATE UNIQUE INDEX drift_reports_window ON drift_reports (window_id);
CREATE INDEX drift_reports_model_history ON drift_reports (tenant_id, model_name, version, created_at);
