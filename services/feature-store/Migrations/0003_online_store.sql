-- The online store: the latest value of each feature view's features per entity (entity_key: the join key values as a
-- JSON array of text, in the view's join-key order).
CREATE TABLE online_features (
    tenant_id text NOT NULL,
    view_name text NOT NULL,
    entity_key text NOT NULL,
    features jsonb NOT NULL,
    event_time timestamptz NOT NULL,
    materialized_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, view_name, entity_key)
);

-- How far each view is materialized: rows with a later event time are read next; a new view version starts over.
CREATE TABLE materialization_watermarks (
    tenant_id text NOT NULL,
    view_name text NOT NULL,
    view_version int NOT NULL,
    watermark timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, view_name)
);

-- Runs are queued here; a worker claims one per tenant at a time (a session advisory lock on the tenant, which a dead
-- worker's connection releases, so its run is taken up again).
CREATE TABLE materialization_runs (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    trigger text NOT NULL CHECK (trigger IN ('api', 'schedule', 'dataset_loaded')),
    views text[],
    status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    views_done int NOT NULL DEFAULT 0,
    rows_read bigint NOT NULL DEFAULT 0,
    rows_written bigint NOT NULL DEFAULT 0,
    attempts int NOT NULL DEFAULT 0,
    error text,
    details jsonb NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz
);
CREATE INDEX materialization_runs_open ON materialization_runs (id) WHERE status IN ('queued', 'running');
CREATE INDEX materialization_runs_tenant ON materialization_runs (tenant_id, id);
