-- leadflow ClickHouse schema, migration 9: the untouched-lead list.
-- Every open lead (not WON, LOST or DISQUALIFIED) with how many whole days have passed since
-- anything happened to it: its last activity, or its creation when it never had one. Filter on
-- days_untouched (e.g. >= 14) for the weekly "nobody touched these" list per owner.
-- Columns are documented in schemas/README.md.

CREATE VIEW IF NOT EXISTS untouched_leads AS
SELECT
    lead_id,
    owner,
    team,
    status,
    lead_source,
    created,
    last_activity_at,
    intDiv(toInt64(toUnixTimestamp(now())) - toInt64(toUnixTimestamp(ifNull(last_activity_at, created))), 86400) AS days_untouched
FROM
(
    SELECT lead_id, owner, team, status, lead_source, assumeNotNull(created_at) AS created, last_activity_at
    FROM lead_state FINAL
    WHERE created_at IS NOT NULL AND status NOT IN ('WON', 'LOST', 'DISQUALIFIED')
);
