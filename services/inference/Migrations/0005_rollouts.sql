-- Canary analyses (rollouts): one running per model, its steps of traffic share and thresholds, and where it stands.
CREATE TABLE rollouts (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    model_name text NOT NULL,
    challenger_version integer NOT NULL,
    champion_version integer,
    status text NOT NULL CHECK (status IN ('running', 'promoted', 'rolled_back', 'aborted')),
    steps double precision[] NOT NULL,
    hold_requests bigint,
    hold_seconds integer,
    max_error_rate double precision,
    max_p99_ratio double precision,
    max_p99_ms double precision,
    min_agreement double precision,
    agreement_tolerance double precision NOT NULL,
    max_prediction_psi double precision,
    -- Fixed for the whole rollout so every replica's prediction histograms add up bin by bin.
    score_edges double precision[] NOT NULL,
    current_step integer NOT NULL DEFAULT 0,
    step_started_at timestamptz NOT NULL,
    started_by text NOT NULL,
    reason text,
    created_at timestamptz NOT NULL,
    finished_at timestamptz
);
CREATE UNIQUE INDEX rollouts_one_running ON rollouts (tenant_id, model_name) WHERE status = 'running';
CREATE INDEX rollouts_by_model ON rollouts (tenant_id, model_name, created_at DESC);

-- Each replica's counts for a step, flushed as deltas and added up here (histograms bin by bin).
CREATE TABLE rollout_counts (
    rollout_id uuid NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    step integer NOT NULL,
    replica_id uuid NOT NULL,
    challenger_requests bigint NOT NULL,
    challenger_errors bigint NOT NULL,
    champion_requests bigint NOT NULL,
    champion_errors bigint NOT NULL,
    compared bigint NOT NULL,
    agreed bigint NOT NULL,
    shadow_failed bigint NOT NULL,
    challenger_latency bigint[] NOT NULL,
    champion_latency bigint[] NOT NULL,
    challenger_scores bigint[] NOT NULL,
    champion_scores bigint[] NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (rollout_id, step, replica_id)
);

-- One row per judged step: the merged figures and the decision with its reason.
CREATE TABLE rollout_steps (
    rollout_id uuid NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    step integer NOT NULL,
    traffic_percent double precision NOT NULL,
    decision text NOT NULL,
    reason text NOT NULL,
    figures jsonb NOT NULL,
    decided_at timestamptz NOT NULL,
    PRIMARY KEY (rollout_id, step)
);
