-- What a run was for and what it produced.
ALTER TABLE training_runs
    ADD COLUMN reason text NOT NULL DEFAULT '',
    ADD COLUMN version integer,
    ADD COLUMN promoted boolean NOT NULL DEFAULT false,
    ADD COLUMN metrics jsonb NOT NULL DEFAULT '{}';
CREATE INDEX training_runs_model ON training_runs (tenant_id, model_name, id);
-- The RequestRetraining message a run answers: a redelivered command does not train twice.
ALTER TABLE training_runs ADD COLUMN command_id uuid UNIQUE;
