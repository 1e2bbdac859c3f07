-- Each replica's lease of a quota window (amounts since the row was written), renewed by the replica's every flush. A
-- lease not renewed for LeaseTtl belongs to a replica that died: any replica reclaims it, returning leased - charged
-- (its unused share and what it held for requests that died with it) to the window's granted.
CREATE TABLE llm_quota_leases (
    key_id uuid NOT NULL,
    kind text NOT NULL,
    window_start timestamptz NOT NULL,
    replica_id uuid NOT NULL,
    leased bigint NOT NULL DEFAULT 0,
    charged bigint NOT NULL DEFAULT 0,
    renewed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (key_id, kind, window_start, replica_id)
);
CREATE INDEX llm_quota_leases_renewed ON llm_quota_leases (renewed_at);
CREATE INDEX llm_quota_leases_replica ON llm_quota_leases (replica_id);
