-- leadflow ClickHouse schema, migration 3: funnel views for analysts and dashboards.
-- They are computed at query time from lead_transitions and lead_state (read with FINAL), so they
-- obey the same correctness contract as those tables: late events, duplicates and replays never
-- skew them. Columns are documented in schemas/README.md (views cannot carry column comments on
-- ClickHouse 18.16). Conversion windows are 7, 30 and 90 days.

-- funnel_daily: flow view, per day x source x campaign x segment x stage.
CREATE VIEW IF NOT EXISTS funnel_daily AS
SELECT
    day,
    lead_source,
    campaign,
    segment,
    stage,
    toUInt64(sum(entered)) AS entered,
    toUInt64(sum(advanced)) AS advanced,
    toUInt64(sum(disqualified)) AS disqualified,
    toUInt64(sum(recycled)) AS recycled,
    toUInt64(sum(entered_implied)) AS entered_implied
FROM
(
    SELECT
        toDate(occurred_at) AS day,
        lead_id,
        to_status AS stage,
        1 AS entered,
        implied AS entered_implied,
        0 AS advanced,
        0 AS disqualified,
        0 AS recycled
    FROM lead_transitions
    UNION ALL
    SELECT
        toDate(occurred_at) AS day,
        lead_id,
        from_status AS stage,
        0 AS entered,
        0 AS entered_implied,
        transform(to_status, ['PROSPECT', 'INQUIRY', 'MQL', 'SAL', 'SQL', 'OPPORTUNITY', 'WON', 'LOST'], [0, 1, 2, 3, 4, 5, 6, 6], -1)
            > transform(from_status, ['PROSPECT', 'INQUIRY', 'MQL', 'SAL', 'SQL', 'OPPORTUNITY', 'WON', 'LOST'], [0, 1, 2, 3, 4, 5, 6, 6], -1)
          AND transform(from_status, ['PROSPECT', 'INQUIRY', 'MQL', 'SAL', 'SQL', 'OPPORTUNITY', 'WON', 'LOST'], [0, 1, 2, 3, 4, 5, 6, 6], -1) >= 0 AS advanced,
        to_status = 'DISQUALIFIED' AS disqualified,
        to_status = 'RECYCLED' AS recycled
    FROM lead_transitions
    WHERE from_status != ''
) AS flows
ANY LEFT JOIN
(
    SELECT lead_id, lead_source, campaign, segment
    FROM lead_state FINAL
) AS leads USING (lead_id)
GROUP BY day, lead_source, campaign, segment, stage
;

-- cohort_size: leads per creation cohort (day, week from Monday, month) x source x campaign.
CREATE VIEW IF NOT EXISTS cohort_size AS
SELECT
    grain,
    multiIf(grain = 'day', toDate(created_at), grain = 'week', toMonday(created_at), toStartOfMonth(created_at)) AS cohort_start,
    lead_source,
    campaign,
    toUInt64(count()) AS leads
FROM
(
    SELECT assumeNotNull(created_at) AS created_at, lead_source, campaign, arrayJoin(['day', 'week', 'month']) AS grain
    FROM lead_state FINAL
    WHERE created_at IS NOT NULL
)
GROUP BY grain, cohort_start, lead_source, campaign;

-- stage_reached: per lead and stage, when the lead first entered it (any cycle, and in cycle 1),
-- with the lead's creation time and first-touch source and campaign. The building block of the
-- cohort views, and handy for time-to-convert questions.
CREATE VIEW IF NOT EXISTS stage_reached AS
SELECT lead_id, stage, first_at, first_at_cycle1, created_at, lead_source, campaign
FROM
(
    SELECT
        lead_id,
        to_status AS stage,
        min(occurred_at) AS first_at,
        minIf(toUnixTimestamp(occurred_at), cycle = 1) AS first_at_cycle1
    FROM lead_transitions
    GROUP BY lead_id, stage
) AS reached_stages
ALL INNER JOIN
(
    SELECT lead_id, assumeNotNull(created_at) AS created_at, lead_source, campaign
    FROM lead_state FINAL
    WHERE created_at IS NOT NULL
) AS leads USING (lead_id);

-- funnel_cohort: cohort view, per creation cohort (day, week, month) x source x campaign x stage.
CREATE VIEW IF NOT EXISTS funnel_cohort AS
SELECT
    grain,
    cohort_start,
    lead_source,
    campaign,
    stage,
    leads,
    reached_ever,
    reached_7d,
    reached_30d,
    reached_90d,
    reached_ever_first_cycle,
    reached_7d_first_cycle,
    reached_30d_first_cycle,
    reached_90d_first_cycle,
    round(reached_ever / leads, 4) AS conversion_ever,
    round(reached_30d / leads, 4) AS conversion_30d
FROM
(
    SELECT grain, cohort_start, lead_source, campaign, leads,
        arrayJoin(['PROSPECT', 'INQUIRY', 'MQL', 'SAL', 'SQL', 'OPPORTUNITY', 'WON', 'LOST', 'DISQUALIFIED', 'NURTURE', 'RECYCLED']) AS stage
    FROM cohort_size
) AS cohorts
ANY LEFT JOIN
(
    SELECT
        grain,
        multiIf(grain = 'day', toDate(created_at), grain = 'week', toMonday(created_at), toStartOfMonth(created_at)) AS cohort_start,
        lead_source,
        campaign,
        stage,
        toUInt64(countIf(reached)) AS reached_ever,
        toUInt64(countIf(reached AND seconds_to_reach <= 7 * 86400)) AS reached_7d,
        toUInt64(countIf(reached AND seconds_to_reach <= 30 * 86400)) AS reached_30d,
        toUInt64(countIf(reached AND seconds_to_reach <= 90 * 86400)) AS reached_90d,
        toUInt64(countIf(reached_first)) AS reached_ever_first_cycle,
        toUInt64(countIf(reached_first AND seconds_to_reach_first <= 7 * 86400)) AS reached_7d_first_cycle,
        toUInt64(countIf(reached_first AND seconds_to_reach_first <= 30 * 86400)) AS reached_30d_first_cycle,
        toUInt64(countIf(reached_first AND seconds_to_reach_first <= 90 * 86400)) AS reached_90d_first_cycle
    FROM
    (
        SELECT
            lead_id,
            stage,
            1 AS reached,
            first_at_cycle1 > 0 AS reached_first,
            toInt64(toUnixTimestamp(first_at)) - toInt64(toUnixTimestamp(created_at)) AS seconds_to_reach,
            toInt64(first_at_cycle1) - toInt64(toUnixTimestamp(created_at)) AS seconds_to_reach_first,
            created_at,
            lead_source,
            campaign,
            arrayJoin(['day', 'week', 'month']) AS grain
        FROM stage_reached
    )
    GROUP BY grain, cohort_start, lead_source, campaign, stage
) AS reached USING (grain, cohort_start, lead_source, campaign, stage)
;

-- stage_velocity: time spent in a stage before the next move, per source x stage x next stage.
CREATE VIEW IF NOT EXISTS stage_velocity AS
SELECT
    lead_source,
    stage,
    next_stage,
    toUInt64(count()) AS moves,
    quantilesExact(0.5, 0.9, 0.99)(seconds_in_stage / 3600) AS hours_in_stage_p50_p90_p99,
    round(avg(seconds_in_stage) / 3600, 2) AS hours_in_stage_avg
FROM
(
    SELECT
        lead_id,
        stage,
        next_stage,
        toInt64(toUnixTimestamp(left_at)) - toInt64(toUnixTimestamp(entered_at)) AS seconds_in_stage
    FROM
    (
        SELECT lead_id, toUInt32(seq + 1) AS next_seq, to_status AS stage, occurred_at AS entered_at
        FROM lead_transitions
        WHERE implied = 0
    ) AS entered
    ALL INNER JOIN
    (
        SELECT lead_id, seq AS next_seq, to_status AS next_stage, occurred_at AS left_at
        FROM lead_transitions
    ) AS left USING (lead_id, next_seq)
) AS durations
ANY LEFT JOIN
(
    SELECT lead_id, lead_source FROM lead_state FINAL
) AS leads USING (lead_id)
GROUP BY lead_source, stage, next_stage
;
