-- leadflow ClickHouse schema, migration 17: lead_state carries the lead's active score.
--
-- The job now writes the lead's score under the active model into its lead_state row, and rewrites
-- the row (same version: of equal versions the row inserted last is kept) when the score changes
-- without a new event: a decay below the sales-ready release, or a model published, promoted or
-- rolled back. The figures are those of the lead's active row in lead_score_current.
-- lead_state_scored, which joined the two, now reads them from lead_state; it stays for queries
-- written against it.

ALTER TABLE lead_state ADD COLUMN score Nullable(Float64);
ALTER TABLE lead_state ADD COLUMN score_grade String;
ALTER TABLE lead_state ADD COLUMN score_model_version String;
ALTER TABLE lead_state ADD COLUMN score_sales_ready UInt8;
ALTER TABLE lead_state ADD COLUMN score_scored_at Nullable(DateTime('UTC'));

ALTER TABLE lead_state COMMENT COLUMN score 'Total score under the active scoring model (fit + engagement, capped), as of score_scored_at; NULL without scoring or before the lead''s first score.';
ALTER TABLE lead_state COMMENT COLUMN score_grade 'Grade under the active model: fit letter and engagement digit, e.g. A1; empty without a score.';
ALTER TABLE lead_state COMMENT COLUMN score_model_version 'The active model version the score is under; empty without a score.';
ALTER TABLE lead_state COMMENT COLUMN score_sales_ready '1 if the lead is sales ready under the active model (threshold reached with required fields, not yet below the release).';
ALTER TABLE lead_state COMMENT COLUMN score_scored_at 'Event time the score is for: the lead''s latest event, the decay moment, or the model change (the job''s event-time clock then).';

DROP TABLE IF EXISTS lead_state_scored;

CREATE VIEW IF NOT EXISTS lead_state_scored AS
SELECT
    lead_id, status, cycle, channel, lead_source, campaign, owner, team, territory, company,
    industry, country, segment, employees, created_at, qualified_at, last_event_at,
    score, score_grade, score_model_version, score_sales_ready, score_scored_at
FROM lead_state FINAL;
