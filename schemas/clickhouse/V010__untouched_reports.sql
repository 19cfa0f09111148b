-- leadflow ClickHouse schema, migration 10: the untouched-leads reports.
-- One row per lead listed in a scheduled untouched-leads report (sla.untouched-report): every open
-- lead nobody touched for sla.untouched-days days, as it stood at the report time. Each owner also
-- gets one summary alert per report (sla_alerts, kind UNTOUCHED). untouched_leads is the same list
-- live. Columns are documented in schemas/README.md.

CREATE TABLE IF NOT EXISTS untouched_reports
(
    report_at      DateTime('UTC') COMMENT 'When the report ran (sla.untouched-report).',
    owner          String          COMMENT 'The lead''s owner; empty when unassigned.',
    team           String          COMMENT 'The owner''s team; empty when unknown.',
    lead_id        String          COMMENT 'The lead.',
    touched_at     DateTime('UTC') COMMENT 'Its last activity, or its creation when it never had one.',
    days_untouched UInt32          COMMENT 'Whole days from touched_at to report_at.',
    version        UInt64          COMMENT 'Always 1: a repeated report rewrites the same rows.'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (report_at, owner, lead_id);
