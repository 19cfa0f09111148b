-- leadflow ClickHouse schema, migration 8: SLA alerts and breaches.
-- Every alert the alerting stage raises (SLA warning, breach, resolution, escalation, missed
-- cadence, hot lead, untouched-leads summary) is a row of sla_alerts, keyed by
-- its stable alert_id, so an alert sent again after a restart overwrites itself. sla_breaches
-- pairs each breach with its resolution. Columns of the view are documented in schemas/README.md.

CREATE TABLE IF NOT EXISTS sla_alerts
(
    alert_id   String                    COMMENT 'Stable id: lead_id/policy/clock start (epoch ms)/kind. Key.',
    kind       String                    COMMENT 'WARNING, BREACH, RESOLVED, ESCALATION, CADENCE, HOT_LEAD or UNTOUCHED.',
    policy     String                    COMMENT 'Name of the SLA policy or hot-lead rule; untouched for summaries.',
    lead_id    String                    COMMENT 'The lead; empty for an untouched-leads summary.',
    owner      String                    COMMENT 'The lead''s owner when the alert was raised; empty when unassigned.',
    team       String                    COMMENT 'The owner''s team; empty when unknown.',
    recipient  String                    COMMENT 'Who should act: the owner, or the escalation target.',
    started_at DateTime('UTC')           COMMENT 'When the SLA clock started (event time).',
    due_at     DateTime('UTC')           COMMENT 'When the deadline falls.',
    stopped_at Nullable(DateTime('UTC')) COMMENT 'When the stop condition was met, if it was when the alert was raised.',
    raised_at  DateTime('UTC')           COMMENT 'Processing time the alert was raised.',
    live       UInt8                     COMMENT '1 when raised as it happened; 0 when found while replaying history.',
    detail     String                    COMMENT 'Short explanation: the hot activity, the cadence count, the leads of a summary.',
    version    UInt64                    COMMENT 'Always 1: a repeated alert rewrites the same row.'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY alert_id;

CREATE VIEW IF NOT EXISTS sla_breaches AS
SELECT
    policy,
    lead_id,
    owner,
    team,
    started_at,
    due_at,
    raised_at,
    live,
    resolved_at
FROM
(
    SELECT policy, lead_id, owner, team, started_at, due_at, raised_at, live
    FROM sla_alerts FINAL
    WHERE kind = 'BREACH'
) AS breaches
ANY LEFT JOIN
(
    SELECT policy, lead_id, started_at, stopped_at AS resolved_at
    FROM sla_alerts FINAL
    WHERE kind = 'RESOLVED'
) AS resolutions USING (policy, lead_id, started_at);
