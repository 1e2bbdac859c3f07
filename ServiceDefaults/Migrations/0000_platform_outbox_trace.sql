-- The W3C traceparent of the request that wrote the row, so the publish continues that request's trace.
ALTER TABLE outbox_messages ADD COLUMN trace_parent text;
