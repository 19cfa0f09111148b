-- leadflow ClickHouse schema, migration 11: views that survive a server restart, counters that
-- cannot wrap.
--
-- ClickHouse 18.16 stores a view's query rewritten, and where a subquery's alias equals a column
-- alias of the query around it the subquery is replaced by that name: V004's source_metrics read
-- FROM (...) AS leads while counting count() AS leads, and after a server restart it read FROM
-- leads, a table that does not exist. It is recreated here with the subquery named lead_rows (no
-- other view has such a clash; SchemaRestartTest restarts a server after migrating and reads every
-- table and view).
--
-- Lifetime counters were UInt16, which a hostile or very long-lived lead can overflow (the HTTP
-- insert formats wrap silently); they are UInt32 like the other counts now. The dead-letter
-- comments name the reasons added since.

DROP TABLE IF EXISTS source_metrics;

CREATE VIEW IF NOT EXISTS source_metrics AS
SELECT
    month,
    attribution,
    lead_source,
    campaign,
    leads,
    reached_mql,
    reached_sql,
    won,
    pipeline_amount,
    won_amount,
    spend,
    if(leads > 0, round(spend / leads, 2), 0) AS cost_per_lead,
    if(reached_sql > 0, round(spend / reached_sql, 2), 0) AS cost_per_sql,
    if(spend > 0, round((won_amount - spend) / spend, 4), 0) AS roi
FROM
(
    SELECT
        toStartOfMonth(created_at) AS month,
        attribution,
        lead_source,
        campaign,
        toUInt64(count()) AS leads,
        toUInt64(sum(reached_mql)) AS reached_mql,
        toUInt64(sum(reached_sql)) AS reached_sql,
        toUInt64(countIf(status = 'WON')) AS won,
        sumIf(ifNull(opportunity_amount, 0), reached_opportunity = 1) AS pipeline_amount,
        sumIf(ifNull(opportunity_amount, 0), status = 'WON') AS won_amount
    FROM
    (
        SELECT
            lead_id,
            created_at,
            attribution,
            if(attribution = 'first_touch', first_source, touch_source) AS lead_source,
            if(attribution = 'first_touch', first_campaign, touch_campaign) AS campaign,
            status,
            opportunity_amount
        FROM
        (
            SELECT
                lead_id,
                assumeNotNull(created_at) AS created_at,
                lead_source AS first_source,
                campaign AS first_campaign,
                last_touch_source AS touch_source,
                last_touch_campaign AS touch_campaign,
                status,
                opportunity_amount,
                arrayJoin(['first_touch', 'last_touch']) AS attribution
            FROM lead_state FINAL
            WHERE created_at IS NOT NULL
        )
    ) AS lead_rows
    ANY LEFT JOIN
    (
        SELECT
            lead_id,
            max(to_status = 'MQL') AS reached_mql,
            max(to_status = 'SQL') AS reached_sql,
            max(to_status = 'OPPORTUNITY') AS reached_opportunity
        FROM lead_transitions
        GROUP BY lead_id
    ) AS reached USING (lead_id)
    GROUP BY month, attribution, lead_source, campaign
) AS funnel
ALL FULL OUTER JOIN
(
    SELECT
        toStartOfMonth(day) AS month,
        arrayJoin(['first_touch', 'last_touch']) AS attribution,
        lead_source,
        campaign,
        sum(amount) AS spend
    FROM campaign_costs FINAL
    GROUP BY month, attribution, lead_source, campaign
) AS costs USING (month, attribution, lead_source, campaign)
;

ALTER TABLE lead_state MODIFY COLUMN cycle UInt32;
ALTER TABLE lead_state MODIFY COLUMN assignments UInt32;
ALTER TABLE lead_state MODIFY COLUMN handoffs_before_contact UInt32;
ALTER TABLE lead_state MODIFY COLUMN transition_cycle Array(UInt32);

ALTER TABLE dead_letters COMMENT COLUMN reason_code 'NOT_JSON, INVALID_UTF8 (not strict UTF-8, or a string with half a surrogate pair), SCHEMA_VIOLATION (including duplicate keys and numbers that are not finite or out of range), UNKNOWN_TYPE, MISSING_LEAD_ID, ABSURD_TIMESTAMP (occurredAt, or a spend day, before 2000 or more than a day ahead), TOO_LARGE; INVALID_RULES for a refused alert-rules document.';
ALTER TABLE dead_letters COMMENT COLUMN received_at 'Kafka record timestamp; the time the record was read when it has none, or one before 2000 or more than a day ahead.';
