-- Tenants that received the shipped rules and runbooks (once each: a tenant that edits or deletes one keeps its choice).
CREATE TABLE tenant_defaults (
    tenant_id text PRIMARY KEY,
    seeded_at timestamptz NOT NULL DEFAULT now()
);

-- Guardrail bursts are counted per key as well, so the key behind a burst can be blocked.
ALTER TABLE guardrail_hits ADD COLUMN key_id text NOT NULL DEFAULT '';
ALTER TABLE guardrail_hits DROP CONSTRAINT guardrail_hits_pkey;
ALTER TABLE guardrail_hits ADD PRIMARY KEY (tenant_id, scanner, key_id, second);
