CREATE TABLE webhook_subscriptions (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    url text NOT NULL,
    event_types text[] NOT NULL,
    -- The HMAC key deliveries are signed with; shown to the subscriber once.
    secret text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
CREATE INDEX webhook_subscriptions_tenant ON webhook_subscriptions (tenant_id, id);

-- One row per event and subscription, written with the event; the dispatcher works through them.
CREATE TABLE webhook_deliveries (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id),
    event_type text NOT NULL,
    payload jsonb NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_status_code integer,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, id);
