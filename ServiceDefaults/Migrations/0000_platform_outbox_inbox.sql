-- Transactional outbox: rows written in the same transaction as the state change, relayed to RabbitMQ.
CREATE TABLE outbox_messages (
    id uuid PRIMARY KEY,
    message_type text NOT NULL,
    payload jsonb NOT NULL,
    correlation_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    attempts integer NOT NULL DEFAULT 0,
    last_error text,
    sent_at timestamptz
);
CREATE INDEX outbox_messages_pending ON outbox_messages (next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX outbox_messages_sent ON outbox_messages (sent_at) WHERE sent_at IS NOT NULL;

-- Inbox: one row per handled message and consumer, so redelivered messages are ignored.
CREATE TABLE inbox_messages (
    message_id uuid NOT NULL,
    consumer text NOT NULL,
    message_type text NOT NULL,
    handled_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, consumer)
);
