-- One postmortem per incident, drafted after it resolves (by the LLM or from the plain template) and editable; every edit keeps
-- the text it replaced as a version.
CREATE TABLE postmortems (
    incident_id uuid PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,
    tenant_id text NOT NULL,
    markdown text NOT NULL,
    drafted_by text NOT NULL CHECK (drafted_by IN ('llm', 'template')),
    edited_by text,
    version int NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE postmortem_versions (
    incident_id uuid NOT NULL REFERENCES postmortems (incident_id) ON DELETE CASCADE,
    version int NOT NULL,
    markdown text NOT NULL,
    drafted_by text NOT NULL,
    edited_by text,
    replaced_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (incident_id, version)
);

-- Written in the resolve transaction, so a resolved incident always gets its draft; the drafter leases due rows with SKIP LOCKED
-- and deletes a row with its draft's insert. A drafter that dies leaves the lease to expire and the row to be drafted again.
CREATE TABLE postmortem_pending (
    incident_id uuid PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,
    tenant_id text NOT NULL,
    attempts int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX postmortem_pending_due ON postmortem_pending (next_attempt_at);
