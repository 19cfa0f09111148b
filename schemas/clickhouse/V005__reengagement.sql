-- leadflow ClickHouse schema, migration 5: what happens to nurtured and recycled leads.
-- Long-term leads are not lost leads: for every entry into NURTURE or RECYCLED, did the lead come
-- back to MQL, reach SQL, win, and after how long. Computed at query time from lead_transitions
-- and lead_state (FINAL). Columns are documented in schemas/README.md.

CREATE VIEW IF NOT EXISTS reengagement AS
SELECT
    side_status,
    toStartOfMonth(entered_at) AS month,
    lead_source,
    toUInt64(count()) AS entries,
    toUInt64(countIf(first_mql_at > 0)) AS back_to_mql,
    toUInt64(countIf(first_sql_at > 0)) AS reached_sql_after,
    toUInt64(countIf(first_won_at > 0)) AS won_after,
    quantilesIf(0.5, 0.9)((first_mql_at - toUnixTimestamp(entered_at)) / 86400, first_mql_at > 0) AS days_to_mql_p50_p90,
    quantilesIf(0.5, 0.9)((first_won_at - toUnixTimestamp(entered_at)) / 86400, first_won_at > 0) AS days_to_won_p50_p90
FROM
(
    SELECT
        lead_id,
        side_seq,
        any(side_status) AS side_status,
        any(entered_at) AS entered_at,
        minIf(toUnixTimestamp(later_at), later_seq > side_seq AND later_status = 'MQL') AS first_mql_at,
        minIf(toUnixTimestamp(later_at), later_seq > side_seq AND later_status = 'SQL') AS first_sql_at,
        minIf(toUnixTimestamp(later_at), later_seq > side_seq AND later_status = 'WON') AS first_won_at
    FROM
    (
        SELECT lead_id, seq AS side_seq, to_status AS side_status, occurred_at AS entered_at
        FROM lead_transitions
        WHERE to_status IN ('NURTURE', 'RECYCLED')
    ) AS side_entries
    ALL INNER JOIN
    (
        SELECT lead_id, seq AS later_seq, to_status AS later_status, occurred_at AS later_at
        FROM lead_transitions
    ) AS later USING (lead_id)
    GROUP BY lead_id, side_seq
) AS outcomes
ANY LEFT JOIN
(
    SELECT lead_id, lead_source FROM lead_state FINAL
) AS leads USING (lead_id)
GROUP BY side_status, month, lead_source
;
