-- leadflow ClickHouse schema, migration 2: events that arrived later than the allowed lateness.
-- They are not applied to the lead (its history is final beyond the lateness horizon) but are
-- kept and counted here, never silently dropped (SPEC section 3).

CREATE TABLE IF NOT EXISTS late_events
(
    event_id         String          COMMENT 'eventId of the late event. Key.',
    lead_id          String          COMMENT 'Lead the event is about.',
    event_type       String          COMMENT 'Event type (lead.status_changed, activity, ...).',
    source           String          COMMENT 'System that emitted it.',
    occurred_at      DateTime('UTC') COMMENT 'Event time of the late event.',
    watermark_at     DateTime('UTC') COMMENT 'Event-time watermark of the lead''s operator when the event arrived.',
    lateness_seconds UInt64          COMMENT 'How far behind the watermark the event was, in seconds; more than the allowed lateness (lateness.allowed, default 7 days).',
    version          UInt64          COMMENT 'Always 1: a replay rewrites the same row.'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY event_id;
