-- What a tenant keeps of message contents: redact (the default, when a tenant has no row), keep or drop.
CREATE TABLE content_policies (
    tenant_id text PRIMARY KEY,
    mode text NOT NULL CHECK (mode IN ('redact', 'keep', 'drop')),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- A tool call's arguments hashed at intake, before redaction: the tool loop rule compares calls by it.
ALTER TABLE spans ADD COLUMN arguments_hash text;
