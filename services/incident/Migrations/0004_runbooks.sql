-- Runbooks per tenant, versioned like rules. Runs are durable: a runner works a step inside a transaction holding the run's
-- row lock, so a runner that dies leaves the run at its last finished step for the next runner, with nothing half done.
CREATE TABLE runbooks (
    tenant_id text NOT NULL,
    name text NOT NULL,
    version int NOT NULL,
    definition jsonb,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, name, version)
);

CREATE TABLE runbook_runs (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    incident_id uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    runbook text NOT NULL,
    version int NOT NULL,
    definition jsonb NOT NULL,
    status text NOT NULL CHECK (status IN ('running', 'waiting_approval', 'succeeded', 'failed', 'escalated', 'cancelled')),
    step_id text,
    step_attempt int NOT NULL DEFAULT 1,
    step_started_at timestamptz,
    step_state jsonb NOT NULL DEFAULT '{}',
    outputs jsonb NOT NULL DEFAULT '{}',
    approval text CHECK (approval IN ('approved', 'rejected')),
    approval_by text,
    next_check_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    error text
);
CREATE INDEX runbook_runs_due ON runbook_runs (next_check_at) WHERE status IN ('running', 'waiting_approval');
CREATE INDEX runbook_runs_incident ON runbook_runs (incident_id);

-- What other services announced that runbook steps wait for: alias moves, registered versions, served versions, judged windows.
CREATE TABLE platform_facts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id text NOT NULL,
    kind text NOT NULL,
    subject text NOT NULL,
    data jsonb NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX platform_facts_lookup ON platform_facts (tenant_id, kind, subject, at);
