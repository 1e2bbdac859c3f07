-- The warehouse data a run trained on (TrainingDataLineage as JSON); null for the embedded demo data.
ALTER TABLE training_runs ADD COLUMN data jsonb;
