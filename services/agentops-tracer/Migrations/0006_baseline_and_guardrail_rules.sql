-- A session far above its agent's recent median (null factor is off), and guardrail findings in agent spans (null is off).
-- Existing tenants' rows keep both off: they set their rules before these existed.
ALTER TABLE anomaly_rules
    ADD COLUMN baseline_factor double precision,
    ADD COLUMN baseline_min_sessions integer NOT NULL DEFAULT 10,
    ADD COLUMN baseline_window integer NOT NULL DEFAULT 50,
    ADD COLUMN guardrail_findings integer;

-- The baseline rule reads an agent's recent sessions.
CREATE INDEX spans_tenant_agent ON spans (tenant_id, agent_name, start_time) WHERE agent_name IS NOT NULL;
