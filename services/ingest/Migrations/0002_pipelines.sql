-- Pipelines: a source, a destination and a schedule per tenant. The source config is kept twice: protected whole (ASP.NET
-- Core Data Protection, for the run) and with its secrets masked (for reading back).
CREATE TABLE pipelines (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    name text NOT NULL,
    dataset text NOT NULL,
    source_type text NOT NULL,
    source_config jsonb NOT NULL,
    source_protected text NOT NULL,
    destination jsonb NOT NULL,
    schedule text,
    paused boolean NOT NULL DEFAULT false,
    version integer NOT NULL DEFAULT 1,
    next_run_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, name)
);
CREATE INDEX pipelines_due ON pipelines (next_run_at) WHERE schedule IS NOT NULL AND NOT paused;

-- Runs: one queued or running per pipeline (the partial unique index), claimed by one replica under a lease.
CREATE TABLE pipeline_runs (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    pipeline_id uuid NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
    pipeline_name text NOT NULL,
    trigger text NOT NULL,
    status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    load_id uuid NOT NULL,
    rows_read bigint NOT NULL DEFAULT 0,
    bytes_read bigint NOT NULL DEFAULT 0,
    tables jsonb NOT NULL DEFAULT '[]',
    quality jsonb NOT NULL DEFAULT '[]',
    schema_hash text,
    error text,
    cancel_requested boolean NOT NULL DEFAULT false,
    claims integer NOT NULL DEFAULT 0,
    lease_owner text,
    lease_until timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz
);
CREATE UNIQUE INDEX pipeline_runs_one_active ON pipeline_runs (pipeline_id) WHERE status IN ('queued', 'running');
CREATE INDEX pipeline_runs_pending ON pipeline_runs (created_at) WHERE status IN ('queued', 'running');
CREATE INDEX pipeline_runs_by_pipeline ON pipeline_runs (pipeline_id, id);

-- The Data Protection key ring, shared by every replica.
CREATE TABLE data_protection_keys (
    friendly_name text PRIMARY KEY,
    xml text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A dataset row per (tenant, name), kept by committed loads.
ALTER TABLE datasets ADD COLUMN last_load_id uuid;
ALTER TABLE datasets ADD COLUMN schema_hash text;
