-- leadflow ClickHouse schema, migration 12: what became of every alert posted to the webhook.
-- The job pages an alert only while it is news (its rule's freshFor) and only once: before posting
-- it looks here for an earlier delivery, so a restart that raises alerts again (a replay of the
-- topics, a restore from a checkpoint) pages nobody twice. Failed and dropped posts are rows too.

CREATE TABLE IF NOT EXISTS webhook_deliveries
(
    alert_id    String          COMMENT 'The alert (sla_alerts.alert_id). Key.',
    kind        String          COMMENT 'WARNING, BREACH, RESOLVED, ESCALATION, CADENCE, HOT_LEAD or UNTOUCHED.',
    policy      String          COMMENT 'SLA policy or hot-lead rule; untouched for summaries.',
    lead_id     String          COMMENT 'The lead; empty for an untouched-leads summary.',
    recipient   String          COMMENT 'Who the alert is for.',
    raised_at   DateTime('UTC') COMMENT 'When the alert was raised (processing time).',
    outcome     String          COMMENT 'DELIVERED (a 2xx answer), FAILED (every attempt failed) or DROPPED (not sent: too many posts were waiting).',
    attempts    UInt32          COMMENT 'Requests sent: 1 plus retries (sla.webhook-retries); 0 when dropped.',
    http_status UInt32          COMMENT 'HTTP status of the last answer; 0 when there was none (timeout, refused).',
    error       String          COMMENT 'Why the last attempt failed, e.g. HTTP 503, connection refused, no answer within the timeout; empty when delivered. Never the URL.',
    finished_at DateTime('UTC') COMMENT 'When the last attempt ended (wall clock).',
    version     UInt64          COMMENT 'finished_at in ms, plus 2^62 for a delivery: a delivery outranks every other outcome of its alert, else the latest wins.'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY alert_id;
