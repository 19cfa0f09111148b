-- leadflow ClickHouse schema, migration 7: speed to lead, for sales managers and marketing leaders.
-- One row per dimension value: dimension is source, owner, team, channel, hour_of_day (0-23,
-- UTC, of creation) or day_of_week (1 = Monday, of creation). A contact attempt is an outbound
-- call, email_sent, meeting or sms activity; inbound touches never count. Leads never contacted
-- stay in every figure: they are counted in never_contacted and, in the time-to-first-attempt
-- quantiles, with the time they have waited so far (so a p90 of months means "not contacted").
-- Columns are documented in schemas/README.md.

CREATE VIEW IF NOT EXISTS speed_to_lead AS
SELECT
    tupleElement(dim, 1) AS dimension,
    tupleElement(dim, 2) AS value,
    toUInt64(count()) AS leads,
    toUInt64(countIf(attempted)) AS contacted,
    toUInt64(countIf(NOT attempted)) AS never_contacted,
    toUInt64(countIf(attempted AND wait_seconds <= 3600)) AS contacted_within_1h,
    toUInt64(countIf(attempted AND wait_seconds <= 86400)) AS contacted_within_24h,
    round(countIf(attempted AND wait_seconds <= 86400) / count(), 4) AS share_within_24h,
    arrayMap(x -> round(x / 60, 1), quantilesExact(0.5, 0.9, 0.99)(wait_seconds)) AS minutes_to_first_attempt_p50_p90_p99,
    arrayMap(x -> round(x / 60, 1), quantilesExactIf(0.5, 0.9, 0.99)(from_mql_seconds, qualified)) AS minutes_from_mql_p50_p90_p99,
    arrayMap(x -> round(x / 60, 1), quantilesExactIf(0.5, 0.9, 0.99)(from_assignment_seconds, assigned)) AS minutes_from_assignment_p50_p90_p99,
    arrayMap(x -> round(x / 60, 1), quantilesExactIf(0.5, 0.9, 0.99)(connect_seconds, connected)) AS minutes_to_connect_p50_p90_p99,
    round(avgIf(attempts_to_connect_n, connected), 2) AS avg_attempts_to_connect,
    arrayMap(x -> round(x / 3600, 2), quantilesExactIf(0.5, 0.9)(assignment_seconds, assigned)) AS hours_to_assignment_p50_p90,
    round(avg(handoffs_before_contact), 2) AS avg_handoffs_before_contact
FROM
(
    SELECT
        arrayJoin([
            ('source', lead_source),
            ('owner', owner),
            ('team', team),
            ('channel', channel),
            ('hour_of_day', toString(toHour(created))),
            ('day_of_week', toString(toDayOfWeek(created)))
        ]) AS dim,
        first_attempt_at IS NOT NULL AS attempted,
        first_connect_at IS NOT NULL AS connected,
        qualified_at IS NOT NULL AS qualified,
        assigned_at IS NOT NULL AS assigned,
        toInt64(toUnixTimestamp(ifNull(first_attempt_at, now()))) - toInt64(toUnixTimestamp(created)) AS wait_seconds,
        greatest(toInt64(toUnixTimestamp(ifNull(first_attempt_at, now()))) - toInt64(toUnixTimestamp(ifNull(qualified_at, created))), 0) AS from_mql_seconds,
        greatest(toInt64(toUnixTimestamp(ifNull(first_attempt_at, now()))) - toInt64(toUnixTimestamp(ifNull(assigned_at, created))), 0) AS from_assignment_seconds,
        toInt64(toUnixTimestamp(ifNull(first_connect_at, created))) - toInt64(toUnixTimestamp(created)) AS connect_seconds,
        ifNull(attempts_to_connect, 0) AS attempts_to_connect_n,
        greatest(toInt64(toUnixTimestamp(ifNull(assigned_at, created))) - toInt64(toUnixTimestamp(created)), 0) AS assignment_seconds,
        handoffs_before_contact
    FROM
    (
        SELECT
            assumeNotNull(created_at) AS created,
            lead_source, owner, team, channel,
            first_attempt_at, first_connect_at, qualified_at, assigned_at,
            attempts_to_connect, handoffs_before_contact
        FROM lead_state FINAL
        WHERE created_at IS NOT NULL
    )
)
GROUP BY dimension, value
;
