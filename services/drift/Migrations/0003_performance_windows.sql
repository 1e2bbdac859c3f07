-- Performance windows reuse the window machinery: kind 'data' holds logged predictions, kind 'performance' labelled scores.
ALTER TABLE monitor_windows ADD COLUMN kind text NOT NULL DEFAULT 'data';
DROP INDEX monitor_windows_one_open;
CREATE UNIQUE INDEX monitor_windows_one_open ON monitor_windows (tenant_id, model_name, version, kind) WHERE state = 'open';

CREATE TABLE performance_reports (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    model_name text NOT NULL,
    version integer NOT NULL,
    window_id uuid NOT NULL UNIQUE,
    labels bigint NOT NULL,
    auc double precision,
    accuracy double precision NOT NULL,
    reference_auc double precision,
    reference_accuracy double precision,
    auc_drop double precision,
    accuracy_drop double precision,
    drift_detected boolean NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX performance_reports_model_history ON performance_reports (tenant_id, model_name, version, created_at);
