-- A virtual key's rate limits change in place, and it can be blocked (an operator or an incident runbook stops its calls)
-- without being revoked, so unblocking gives the application its key back.
ALTER TABLE llm_key_policies
    ADD COLUMN blocked boolean NOT NULL DEFAULT false,
    ADD COLUMN blocked_reason text,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
