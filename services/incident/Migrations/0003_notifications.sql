-- Notification channels per tenant: PagerDuty (Events API v2), Slack-compatible incoming webhooks and signed generic webhooks.
CREATE TABLE notification_channels (
    tenant_id text NOT NULL,
    name text NOT NULL,
    type text NOT NULL CHECK (type IN ('pagerduty', 'slack', 'webhook')),
    url text,
    routing_key text,
    secret text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, name)
);

-- One row per channel and incident change, written in the change's transaction; the dispatcher claims due rows with SKIP LOCKED.
CREATE TABLE notification_deliveries (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    incident_id uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    channel text NOT NULL,
    action text NOT NULL CHECK (action IN ('trigger', 'acknowledge', 'resolve')),
    payload jsonb NOT NULL,
    attempts int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    last_error text,
    delivered_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notification_deliveries_incident ON notification_deliveries (incident_id, created_at);
