-- leadflow ClickHouse schema, migration 1: the central lead repository and its audit trail.
-- Works on ClickHouse 18.16 and current releases: plain DateTime('UTC'), ReplacingMergeTree,
-- no partitioning by mutable columns (a replacing row must land in the same partition as the
-- row it replaces, or FINAL cannot collapse them).

CREATE TABLE IF NOT EXISTS lead_state
(
    lead_id             String                   COMMENT 'Lead id (the events'' leadId). Key.',
    status              String                   COMMENT 'Current lifecycle status: PROSPECT, INQUIRY, MQL, SAL, SQL, OPPORTUNITY, WON, LOST, DISQUALIFIED, NURTURE, RECYCLED; empty when no lead.created or status event was seen yet.',
    contact_status      String                   COMMENT 'NOT_CONTACTED, ATTEMPTING, CONNECTED, UNRESPONSIVE (5+ attempts without connect) or BAD_CONTACT_DATA, derived from outbound activity dispositions.',
    cycle               UInt16                   COMMENT 'Lifecycle cycle, starting at 1; a transition out of RECYCLED starts the next one.',
    status_reason       String                   COMMENT 'Reason given with the latest status change (disqualification, rejection, recycle, loss reason).',
    source              String                   COMMENT 'System that emitted lead.created (web, crm, import:<list>, ...).',
    channel             String                   COMMENT 'Capture channel: web_form, phone, event, chat, list_import, partner, email, social, referral, other.',
    lead_source         String                   COMMENT 'Marketing source, e.g. google_ads, organic_search.',
    campaign            String                   COMMENT 'Campaign at capture.',
    medium              String                   COMMENT 'Medium at capture, e.g. cpc.',
    landing_page        String                   COMMENT 'Landing page id or path at capture.',
    owner               String                   COMMENT 'Current owner (sales rep id); empty when unassigned.',
    team                String                   COMMENT 'Current team.',
    territory           String                   COMMENT 'Current territory.',
    company             String                   COMMENT 'Company name (firmographics).',
    industry            String                   COMMENT 'Industry (firmographics).',
    country             String                   COMMENT 'ISO 3166-1 alpha-2 country (firmographics).',
    segment             String                   COMMENT 'Business segment (firmographics).',
    employees           Nullable(UInt32)         COMMENT 'Number of employees, NULL when unknown.',
    created_at          Nullable(DateTime('UTC')) COMMENT 'When the lead was captured (lead.created occurredAt), NULL when no lead.created was seen.',
    status_changed_at   Nullable(DateTime('UTC')) COMMENT 'When the current status was entered.',
    assigned_at         Nullable(DateTime('UTC')) COMMENT 'First assignment to an owner (lead.assigned or an owner at capture).',
    assignments         UInt16                   COMMENT 'Number of lead.assigned events (hand-offs).',
    first_activity_at   Nullable(DateTime('UTC')) COMMENT 'First activity of any kind.',
    last_activity_at    Nullable(DateTime('UTC')) COMMENT 'Latest activity of any kind.',
    activity_count      UInt32                   COMMENT 'Number of distinct activity events (inbound and outbound).',
    contact_attempts    UInt32                   COMMENT 'Outbound call, email_sent, meeting or sms activities.',
    first_attempt_at    Nullable(DateTime('UTC')) COMMENT 'First outbound contact attempt.',
    first_connect_at    Nullable(DateTime('UTC')) COMMENT 'First attempt with disposition connected or meeting_booked.',
    last_disposition    String                   COMMENT 'Disposition of the latest contact attempt.',
    opportunity_id      String                   COMMENT 'Latest opportunity id, empty when none.',
    opportunity_amount  Nullable(Float64)        COMMENT 'Latest opportunity amount, in opportunity_currency.',
    opportunity_currency String                  COMMENT 'ISO 4217 currency of opportunity_amount.',
    qualified_at        Nullable(DateTime('UTC')) COMMENT 'When the lead first reached MQL or a later funnel stage (SAL, SQL, OPPORTUNITY, WON, LOST), in any cycle; NULL while never qualified.',
    last_touch_source   String                   COMMENT 'Last-touch attribution: marketing source of the latest attributed touch (the capture, or an inbound activity naming a source or campaign) up to qualified_at, or up to now while not qualified.',
    last_touch_campaign String                   COMMENT 'Last-touch attribution: campaign of that touch.',
    last_touch_medium   String                   COMMENT 'Last-touch attribution: medium of that touch.',
    last_touch_at       Nullable(DateTime('UTC')) COMMENT 'Last-touch attribution: when that touch happened.',
    attempts_to_connect Nullable(UInt32)         COMMENT 'Contact attempts up to and including the first connect; NULL while never connected.',
    handoffs_before_contact UInt16               COMMENT 'Re-assignments (lead.assigned to a different owner) before the first contact attempt, or so far while never contacted.',
    last_event_at       DateTime('UTC')          COMMENT 'Event time of the latest event applied to the lead.',
    events_applied      UInt32                   COMMENT 'Distinct events (by eventId) the row is derived from.',
    version             UInt64                   COMMENT 'Row version: grows with every applied event. ReplacingMergeTree keeps the highest; read with FINAL or argMax.',
    updated_at          DateTime('UTC')          COMMENT 'Processing time the row was written (diagnostics only; not part of the result).',
    transition_seq          Array(UInt32)            COMMENT 'Transitions, oldest first (the newest 1,000 are kept, one per row in the lead_transitions view): position of each transition in the lead''s event-time history, from 0.',
    transition_cycle        Array(UInt16)            COMMENT 'Transitions, oldest first (the newest 1,000 are kept, one per row in the lead_transitions view): cycle the lead is in after each transition.',
    transition_from_status  Array(String)            COMMENT 'Transitions, oldest first (the newest 1,000 are kept, one per row in the lead_transitions view): status before each transition; empty for the creation of the lead.',
    transition_to_status    Array(String)            COMMENT 'Transitions, oldest first (the newest 1,000 are kept, one per row in the lead_transitions view): status after each transition.',
    transition_occurred_at  Array(DateTime('UTC'))   COMMENT 'Transitions, oldest first (the newest 1,000 are kept, one per row in the lead_transitions view): event time of each transition.',
    transition_event_id     Array(String)            COMMENT 'Transitions, oldest first (the newest 1,000 are kept, one per row in the lead_transitions view): eventId of the event that caused each transition.',
    transition_event_type   Array(String)            COMMENT 'Transitions, oldest first (the newest 1,000 are kept, one per row in the lead_transitions view): type of that event (lead.created, lead.status_changed, opportunity).',
    transition_actor        Array(String)            COMMENT 'Transitions, oldest first (the newest 1,000 are kept, one per row in the lead_transitions view): who made each change (status actor, or the emitting system).',
    transition_reason       Array(String)            COMMENT 'Transitions, oldest first (the newest 1,000 are kept, one per row in the lead_transitions view): reason given with each change (disqualification, recycle, rejection, loss).',
    transition_implied      Array(UInt8)             COMMENT 'Transitions, oldest first (the newest 1,000 are kept, one per row in the lead_transitions view): 1 for a stage passed implicitly (skipped stage).',
    rejected_event_id       Array(String)            COMMENT 'Status changes refused by lifecycle.allowed-transitions, oldest first (newest 100 kept, one per row in the rejected_transitions view): eventId of the event that asked for the change.',
    rejected_event_type     Array(String)            COMMENT 'Status changes refused by lifecycle.allowed-transitions, oldest first (newest 100 kept, one per row in the rejected_transitions view): its type (lead.status_changed or opportunity).',
    rejected_at             Array(DateTime('UTC'))   COMMENT 'Status changes refused by lifecycle.allowed-transitions, oldest first (newest 100 kept, one per row in the rejected_transitions view): its event time.',
    rejected_from_status    Array(String)            COMMENT 'Status changes refused by lifecycle.allowed-transitions, oldest first (newest 100 kept, one per row in the rejected_transitions view): the lead''s status at that time.',
    rejected_to_status      Array(String)            COMMENT 'Status changes refused by lifecycle.allowed-transitions, oldest first (newest 100 kept, one per row in the rejected_transitions view): the status asked for.',
    rejected_reason         Array(String)            COMMENT 'Status changes refused by lifecycle.allowed-transitions, oldest first (newest 100 kept, one per row in the rejected_transitions view): why it was refused, naming the rule.'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY lead_id;

-- The audit trail, one row per status change. The transitions are stored inside the lead's row
-- (the parallel transition_* arrays) rather than as rows of their own: the row is derived from
-- the lead's whole event set and versioned by its size, so the newest row always carries the whole, correct
-- history. Separate per-transition rows could be left stale by a job restart that re-processed
-- events in another order. Columns, in order:
--   lead_id      lead id
--   seq          position of the transition in the lead's event-time history, from 0
--   cycle        cycle the lead is in after this transition
--   from_status  status before; empty for the creation of the lead
--   to_status    status after
--   occurred_at  event time of the change
--   event_id     eventId of the event that caused it
--   event_type   type of that event (lead.created, lead.status_changed, opportunity)
--   actor        who made the change (status actor, or the emitting system)
--   reason       reason given (disqualification, recycle, rejection, loss)
--   implied      1 when the stage was not requested but passed implicitly (skipped stage)
--   version      version of the lead row the transition comes from
CREATE VIEW IF NOT EXISTS lead_transitions AS
SELECT
    lead_id,
    t_seq         AS seq,
    t_cycle       AS cycle,
    t_from_status AS from_status,
    t_to_status   AS to_status,
    t_occurred_at AS occurred_at,
    t_event_id    AS event_id,
    t_event_type  AS event_type,
    t_actor       AS actor,
    t_reason      AS reason,
    t_implied     AS implied,
    version
FROM lead_state FINAL
ARRAY JOIN
    transition_seq         AS t_seq,
    transition_cycle       AS t_cycle,
    transition_from_status AS t_from_status,
    transition_to_status   AS t_to_status,
    transition_occurred_at AS t_occurred_at,
    transition_event_id    AS t_event_id,
    transition_event_type  AS t_event_type,
    transition_actor       AS t_actor,
    transition_reason      AS t_reason,
    transition_implied     AS t_implied;

-- Status changes the lifecycle refused (lifecycle.allowed-transitions), e.g. a won deal set back
-- to SQL: the event is kept here and the lead's status did not move. Derived with the lead, so
-- a late event that makes a change allowed removes it from here again. Columns: lead_id,
-- event_id, event_type, occurred_at, from_status, to_status, reason (naming the rule), version.
CREATE VIEW IF NOT EXISTS rejected_transitions AS
SELECT
    lead_id,
    r_event_id    AS event_id,
    r_event_type  AS event_type,
    r_at          AS occurred_at,
    r_from_status AS from_status,
    r_to_status   AS to_status,
    r_reason      AS reason,
    version
FROM lead_state FINAL
ARRAY JOIN
    rejected_event_id    AS r_event_id,
    rejected_event_type  AS r_event_type,
    rejected_at          AS r_at,
    rejected_from_status AS r_from_status,
    rejected_to_status   AS r_to_status,
    rejected_reason      AS r_reason;

CREATE TABLE IF NOT EXISTS dead_letters
(
    dead_letter_id String          COMMENT 'Deterministic id: topic/partition/offset of the rejected record. Key.',
    topic          String          COMMENT 'Kafka topic the record came from.',
    partition      UInt32          COMMENT 'Kafka partition.',
    offset         Int64           COMMENT 'Kafka offset.',
    record_key     String          COMMENT 'Kafka record key as UTF-8, empty when none.',
    received_at    DateTime('UTC') COMMENT 'Kafka record timestamp.',
    reason_code    String          COMMENT 'NOT_JSON, SCHEMA_VIOLATION, UNKNOWN_TYPE, MISSING_LEAD_ID, ABSURD_TIMESTAMP or TOO_LARGE.',
    reason         String          COMMENT 'Human-readable reason, naming the offending field.',
    raw            String          COMMENT 'The record value as text (invalid UTF-8 replaced); exact bytes in raw_base64.',
    raw_base64     String          COMMENT 'The exact record value, base64.',
    version        UInt64          COMMENT 'Always 1: a replay rewrites the same row.'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY dead_letter_id;

CREATE TABLE IF NOT EXISTS campaign_costs
(
    day         Date            COMMENT 'Day of the spend (UTC). Key part 1.',
    lead_source String          COMMENT 'Marketing source. Key part 2.',
    campaign    String          COMMENT 'Campaign. Key part 3.',
    medium      String          COMMENT 'Medium.',
    amount      Float64         COMMENT 'Spend of that day, in currency; a later report for the same day replaces an earlier one.',
    currency    String          COMMENT 'ISO 4217 currency.',
    event_id    String          COMMENT 'eventId of the campaign.cost event the row comes from.',
    reported_at DateTime('UTC') COMMENT 'occurredAt of that event.',
    version     UInt64          COMMENT 'occurredAt in epoch milliseconds: the latest report of a day wins.'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (day, lead_source, campaign);
