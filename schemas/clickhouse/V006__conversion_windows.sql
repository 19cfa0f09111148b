-- leadflow ClickHouse schema, migration 6: configurable conversion windows.
-- funnel_cohort has fixed 7/30/90-day columns; funnel_cohort_windows has one row per window in
-- conversion_windows, which `./leadflow migrate` (and demo, bench, replay) keeps equal to the
-- lifecycle.conversion-windows setting. Columns are documented in schemas/README.md.

CREATE TABLE IF NOT EXISTS conversion_windows
(
    days    UInt16 COMMENT 'A conversion window, in days after creation. Key.',
    active  UInt8  COMMENT '1 while the window is configured (lifecycle.conversion-windows); 0 once it was removed.',
    version UInt64 COMMENT 'When the setting was applied, epoch milliseconds; the latest wins.'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY days;

INSERT INTO conversion_windows (days, active, version) VALUES (7, 1, 0), (30, 1, 0), (90, 1, 0);

CREATE VIEW IF NOT EXISTS funnel_cohort_windows AS
SELECT
    grain,
    cohort_start,
    lead_source,
    campaign,
    stage,
    window_days,
    leads,
    reached_within,
    reached_within_first_cycle,
    round(reached_within / leads, 4) AS conversion
FROM
(
    SELECT grain, cohort_start, lead_source, campaign, leads,
        arrayJoin(['PROSPECT', 'INQUIRY', 'MQL', 'SAL', 'SQL', 'OPPORTUNITY', 'WON', 'LOST', 'DISQUALIFIED', 'NURTURE', 'RECYCLED']) AS stage,
        arrayJoin((SELECT groupArray(days) FROM conversion_windows FINAL WHERE active = 1)) AS window_days
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
        window_days,
        toUInt64(countIf(seconds_to_reach <= window_days * 86400)) AS reached_within,
        toUInt64(countIf(reached_first AND seconds_to_reach_first <= window_days * 86400)) AS reached_within_first_cycle
    FROM
    (
        SELECT
            stage,
            first_at_cycle1 > 0 AS reached_first,
            toInt64(toUnixTimestamp(first_at)) - toInt64(toUnixTimestamp(created_at)) AS seconds_to_reach,
            toInt64(first_at_cycle1) - toInt64(toUnixTimestamp(created_at)) AS seconds_to_reach_first,
            created_at,
            lead_source,
            campaign,
            arrayJoin(['day', 'week', 'month']) AS grain,
            arrayJoin((SELECT groupArray(days) FROM conversion_windows FINAL WHERE active = 1)) AS window_days
        FROM stage_reached
    )
    GROUP BY grain, cohort_start, lead_source, campaign, stage, window_days
) AS reached USING (grain, cohort_start, lead_source, campaign, stage, window_days)
;
