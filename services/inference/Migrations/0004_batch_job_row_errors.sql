-- What a job does with a bad row (fail the job, or skip and list it), the rows it skipped (a bounded list of the first
-- ones, with reasons), and how many times it was claimed since it last committed progress: a job whose runs keep ending
-- without progress (a crash, a lost lease) is failed instead of being claimed forever.
ALTER TABLE batch_jobs
    ADD COLUMN on_row_error text NOT NULL DEFAULT 'fail' CHECK (on_row_error IN ('fail', 'skip')),
    ADD COLUMN rows_skipped bigint NOT NULL DEFAULT 0,
    ADD COLUMN skipped_rows jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN claims_without_progress integer NOT NULL DEFAULT 0;
