-- leadflow ClickHouse schema, migration 4: source metrics for marketing leaders.
-- Computed at query time from lead_state, lead_transitions and campaign_costs (read with FINAL).
-- Amounts are summed as sent, without currency conversion: send costs and opportunity
-- amounts in one currency (or convert upstream) for cost per lead and ROI to mean something.
-- Each lead counts twice, once per attribution model (the attribution column): first_touch
-- credits the source and campaign at capture, last_touch those of the latest attributed touch
-- before the lead qualified (lead_state.last_touch_*). Filter on one model; spend is the same in
-- both. Columns are documented in schemas/README.md.

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
    ) AS leads
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
