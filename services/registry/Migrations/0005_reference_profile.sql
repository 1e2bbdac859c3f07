-- The training data profile (per-feature distribution and a bounded sample) that drift uses as its reference.
ALTER TABLE model_versions ADD COLUMN reference_profile jsonb;
