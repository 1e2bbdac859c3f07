-- A tenant's latency objective for one model call, in milliseconds; null leaves the rule off.
ALTER TABLE anomaly_rules ADD COLUMN latency_objective_ms integer;
