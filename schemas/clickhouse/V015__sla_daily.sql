-- leadflow ClickHouse schema, migration 15: SLA compliance kept by the job.
--
-- sla_compliance (migration 13) re-reads every clock in sla_clocks at query time. The job now keeps
-- the same figures per UTC day started, policy and owner in sla_daily, by what the stream can
-- decide of a clock: met, left scope, breached and then contacted or out of scope, breached with
-- no end (the watermark passed the deadline). A clock with no end whose deadline the watermark has
-- not passed is pending: it waits in sla_pending, and whether it is open, at risk or breached is
-- decided when somebody asks, against the job's event clock, exactly as sla_outcomes decides it.
-- sla_compliance_daily puts both together: the same numbers as sla_compliance, from a table of a
-- few rows per day and the clocks of the last hours.
CREATE TABLE IF NOT EXISTS sla_daily
(
    day                     Date   COMMENT 'UTC day the clock started. Key.',
    policy                  String COMMENT 'SLA policy. Key.',
    owner                   String COMMENT 'Owner of the lead (the latest known). Key.',
    clocks                  UInt64 COMMENT 'Clocks started.',
    met                     UInt64 COMMENT 'Stopped by the deadline (the stop condition, e.g. the first attempt).',
    left_scope              UInt64 COMMENT 'Left sales'' hands (WON, LOST, DISQUALIFIED, NURTURE, RECYCLED) before the deadline and the stop.',
    breached_contacted_late UInt64 COMMENT 'Breached, then stopped after the deadline.',
    breached_left_scope     UInt64 COMMENT 'Breached, then left sales'' hands without a stop.',
    breached_unresolved     UInt64 COMMENT 'Breached and still without an end: the job''s watermark passed the deadline.',
    pending                 UInt64 COMMENT 'Without an end, deadline not passed by the watermark: in sla_pending, split at query time.',
    version                 UInt64 COMMENT 'Row version, only growing across restarts (max of the previous + 1 and the write time in microseconds); ReplacingMergeTree keeps the highest: read with FINAL.'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (day, policy, owner);

-- Sorted by policy and day so the view reads only the days that still have pending clocks; a
-- clock that stops waiting is written again with pending = 0.
CREATE TABLE IF NOT EXISTS sla_pending
(
    policy     String                    COMMENT 'SLA policy. Key.',
    day        Date                      COMMENT 'UTC day the clock started. Key.',
    lead_id    String                    COMMENT 'Lead. Key.',
    owner      String                    COMMENT 'Owner of the lead (the latest known).',
    team       String                    COMMENT 'Team of that owner.',
    started_at DateTime('UTC')           COMMENT 'When the clock started.',
    warn_at    Nullable(DateTime('UTC')) COMMENT 'When the warning is due; NULL for none.',
    due_at     DateTime('UTC')           COMMENT 'The deadline.',
    pending    UInt8                     COMMENT '1 while the clock waits for its outcome; 0 once it has one (ignore those rows).',
    version    UInt64                    COMMENT 'Row version, only growing for the clock across restarts; ReplacingMergeTree keeps the highest: read with FINAL.'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (policy, day, lead_id);

-- Compliance per policy, owner and UTC day the clock started, as sla_compliance defines it (met /
-- (met + breached), NULL while nothing was decided; clocks that left scope before their deadline
-- count in neither), plus how the breaches ended.
CREATE VIEW IF NOT EXISTS sla_compliance_daily AS
SELECT
    day,
    policy,
    owner,
    clocks,
    met,
    breached_contacted_late + breached_left_scope + unresolved_decided + pending_breached AS breached,
    left_scope,
    -- The two tables are committed a checkpoint apart at most: never a negative count meanwhile.
    toUInt64(greatest(toInt64(pending) - toInt64(pending_breached), 0)) AS open,
    pending_at_risk AS at_risk,
    if(met + breached > 0, round(met / (met + breached), 4), NULL) AS compliance,
    breached_contacted_late AS contacted_late,
    breached_left_scope AS breached_then_left_scope,
    unresolved_decided + pending_breached AS breached_unresolved
FROM
(
    SELECT day, policy, owner, clocks, met, left_scope, breached_contacted_late, breached_left_scope,
        breached_unresolved AS unresolved_decided, pending
    FROM sla_daily FINAL
    WHERE clocks > 0
) AS totals
ANY LEFT JOIN
(
    SELECT
        day,
        policy,
        owner,
        toUInt64(countIf(due_at < clock)) AS pending_breached,
        toUInt64(countIf(due_at >= clock AND warn_at IS NOT NULL AND assumeNotNull(warn_at) <= clock)) AS pending_at_risk
    FROM
    (
        SELECT day, policy, owner, due_at, warn_at, (SELECT clock FROM job_clock) AS clock
        FROM sla_pending FINAL
        WHERE (policy, day) IN (SELECT policy, day FROM sla_daily FINAL WHERE pending > 0) AND pending = 1
    )
    GROUP BY day, policy, owner
) AS waiting USING (day, policy, owner);

-- Open clocks past their warning point and not yet breached, as before, read from the clocks that
-- are still waiting instead of every clock ever started.
DROP TABLE IF EXISTS sla_at_risk;

CREATE VIEW IF NOT EXISTS sla_at_risk AS
SELECT policy, lead_id, owner, team, started_at, due_at
FROM
(
    SELECT policy, lead_id, owner, team, started_at, due_at, warn_at, (SELECT clock FROM job_clock) AS clock
    FROM sla_pending FINAL
    WHERE (policy, day) IN (SELECT policy, day FROM sla_daily FINAL WHERE pending > 0) AND pending = 1
)
WHERE due_at >= clock AND warn_at IS NOT NULL AND assumeNotNull(warn_at) <= clock;
