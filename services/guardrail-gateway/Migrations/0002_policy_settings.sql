-- Per-scanner thresholds and actions, allow/deny lists, custom patterns, entities and the anonymizer operator.
ALTER TABLE policies
    ADD COLUMN settings jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
