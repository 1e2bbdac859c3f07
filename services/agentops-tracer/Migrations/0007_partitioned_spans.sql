-- Spans by day of start time, so retention drops whole days (RetentionJob creates the days ahead and drops expired ones).
-- A primary key on a partitioned table must hold the partition key: a span is (tenant, trace, span, start time). A retried
-- export re-sends the same span with the same start time, which lands in the same partition and is skipped there; only the
-- same ids with a different start time (a different record, not a retry) would be stored twice.
ALTER TABLE spans RENAME TO spans_unpartitioned;
ALTER TABLE spans_unpartitioned RENAME CONSTRAINT spans_pkey TO spans_unpartitioned_pkey;
DROP INDEX spans_tenant_start;
DROP INDEX spans_tenant_session;
DROP INDEX spans_tenant_trace;
DROP INDEX spans_tenant_agent;

CREATE TABLE spans (LIKE spans_unpartitioned INCLUDING DEFAULTS, PRIMARY KEY (tenant_id, trace_id, span_id, start_time))
    PARTITION BY RANGE (start_time);
-- Spans older than the first day partition (backfills, history from before the upgrade) and any day not yet created; the
-- job moves a day's rows out of it when it creates that day, and deletes its expired rows one by one.
CREATE TABLE spans_default PARTITION OF spans DEFAULT;

CREATE INDEX spans_tenant_start ON spans (tenant_id, start_time);
CREATE INDEX spans_tenant_session ON spans (tenant_id, session_id, start_time) WHERE session_id IS NOT NULL;
CREATE INDEX spans_tenant_trace ON spans (tenant_id, trace_id);
CREATE INDEX spans_tenant_agent ON spans (tenant_id, agent_name, start_time) WHERE agent_name IS NOT NULL;

INSERT INTO spans SELECT * FROM spans_unpartitioned;
DROP TABLE spans_unpartitioned;
