-- Incidents open from alerts: one active incident per dedup key (the partial unique index makes that hold across replicas),
-- a lifecycle beyond open/resolved, and a timeline of everything that happened to each.
ALTER TABLE incidents DROP CONSTRAINT incidents_status_check;
ALTER TABLE incidents ADD CONSTRAINT incidents_status_check CHECK (status IN ('open', 'acknowledged', 'mitigated', 'resolved'));
ALTER TABLE incidents
    ADD COLUMN dedup_key text,
    ADD COLUMN description text,
    ADD COLUMN labels jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN links jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN alert_count bigint NOT NULL DEFAULT 0,
    ADD COLUMN last_alert_at timestamptz,
    ADD COLUMN acknowledged_at timestamptz,
    ADD COLUMN mitigated_at timestamptz,
    ADD COLUMN assignee text,
    ADD COLUMN rule text,
    ADD COLUMN runbook text,
    ADD COLUMN channels text[] NOT NULL DEFAULT '{}',
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE UNIQUE INDEX incidents_active_dedup ON incidents (tenant_id, dedup_key) WHERE status <> 'resolved' AND dedup_key IS NOT NULL;
CREATE INDEX incidents_tenant_status ON incidents (tenant_id, status, id);

-- Severity order, for raising an incident's severity when a later alert is worse.
CREATE FUNCTION severity_rank(severity text) RETURNS int LANGUAGE sql IMMUTABLE
    RETURN CASE severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END;

-- The alerts behind each incident by their source's own identity (an Alertmanager fingerprint, a dedup key): the incident
-- auto-resolves when none of them still fires.
CREATE TABLE incident_alerts (
    incident_id uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    alert_key text NOT NULL,
    status text NOT NULL CHECK (status IN ('firing', 'resolved')),
    received bigint NOT NULL DEFAULT 1,
    first_at timestamptz NOT NULL DEFAULT now(),
    last_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (incident_id, alert_key)
);

CREATE TABLE incident_timeline (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    at timestamptz NOT NULL DEFAULT clock_timestamp(),
    kind text NOT NULL,
    actor text NOT NULL,
    summary text NOT NULL,
    detail jsonb
);
CREATE INDEX incident_timeline_incident ON incident_timeline (incident_id, id);

-- An incident whose rule says so resolves itself once no alert arrived for this long.
ALTER TABLE incidents ADD COLUMN resolve_when_quiet interval;
CREATE INDEX incidents_quiet ON incidents (last_alert_at) WHERE status <> 'resolved' AND resolve_when_quiet IS NOT NULL;

-- Alert rules per tenant; every change is a new version, a deletion a version without a definition.
CREATE TABLE alert_rules (
    tenant_id text NOT NULL,
    name text NOT NULL,
    version int NOT NULL,
    definition jsonb,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, name, version)
);

-- Guardrail violations counted per tenant, scanner and second: an incident comes from their rate, not from each one.
CREATE TABLE guardrail_hits (
    tenant_id text NOT NULL,
    scanner text NOT NULL,
    second timestamptz NOT NULL,
    hits int NOT NULL,
    PRIMARY KEY (tenant_id, scanner, second)
);
