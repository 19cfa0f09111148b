-- leadflow ClickHouse schema, migration 16: lead scores, per model version, explained and
-- calibrated.
--
-- The job writes a row to lead_scores whenever a lead's score changes for a reason: an activity, a
-- change of fit, of sales readiness or of the lead's outcome, a decay below the sales-ready release,
-- a model published, promoted, rolled back or retired. Each row explains itself: one entry per
-- contributing rule in the rule_* arrays, with the points counted and the points before decay.
-- lead_score_current keeps the newest row per lead and version. It is a table of its own, fed by
-- the materialized view lead_score_current_feed, rather than a view with a hidden .inner table: so
-- every table in the database can be read and granted by its plain name.
CREATE TABLE IF NOT EXISTS lead_scores
(
    lead_id           String                    COMMENT 'Lead. Key.',
    model_version     String                    COMMENT 'Scoring model version. Key.',
    seq               UInt64                    COMMENT 'The lead''s score-row counter, growing with every row of the lead (all versions). Key.',
    active            UInt8                     COMMENT '1 if the version was the active one when scored; 0 for a shadow, or a version no longer in force.',
    reason            String                    COMMENT 'What changed the score: event, decay (fell below the sales-ready release), model (a version came into force or changed role), retired (left force).',
    scored_at         DateTime('UTC')           COMMENT 'Event time the score is for: the lead''s latest event, or the decay moment.',
    fit               Float64                   COMMENT 'Fit score (profile rules, capped; negative profile rules included).',
    engagement        Float64                   COMMENT 'Engagement score at scored_at (activity rules decayed and capped; behavioural negative rules included).',
    total             Float64                   COMMENT 'fit + engagement, at most the model''s totalCap.',
    grade             String                    COMMENT 'Fit letter and engagement digit, e.g. A1 (the model''s grade bands).',
    sales_ready       UInt8                     COMMENT '1 if sales ready under this version (threshold reached with required fields, not yet below the release).',
    requirements_met  UInt8                     COMMENT '1 if every field the sales-ready definition requires is known.',
    calibration_score Float64                   COMMENT 'Highest score the lead had before it reached SQL (all of its history if it has not): what calibration ranks leads by.',
    created_at        Nullable(DateTime('UTC')) COMMENT 'When the lead was created: the calibration cohort.',
    reached_sql_at    Nullable(DateTime('UTC')) COMMENT 'When the lead first reached SQL or beyond; NULL if never.',
    won_at            Nullable(DateTime('UTC')) COMMENT 'When the lead was first won; NULL if never.',
    rule_id           Array(String)             COMMENT 'Explanation: the contributing rules, in the model''s order.',
    rule_group        Array(String)             COMMENT 'fit, engagement or negative, per rule.',
    rule_points       Array(Float64)            COMMENT 'Points counted per rule, after decay and the rule''s cap.',
    rule_undecayed    Array(Float64)            COMMENT 'Points per rule before decay and caps: rule_undecayed - rule_points is what decayed or was capped.',
    rule_matches      Array(UInt32)             COMMENT 'Activities (or 1 for a lead field) each rule matched.'
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(scored_at)
ORDER BY (lead_id, model_version, seq);

CREATE TABLE IF NOT EXISTS lead_score_current AS lead_scores
ENGINE = ReplacingMergeTree(seq)
ORDER BY (model_version, lead_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS lead_score_current_feed TO lead_score_current
AS SELECT * FROM lead_scores;

-- The lead's profile and standing as lead_state has it, with its score under the active model
-- (score columns are empty while the lead has no score).
CREATE VIEW IF NOT EXISTS lead_state_scored AS
SELECT
    lead_id, status, cycle, channel, lead_source, campaign, owner, team, territory, company,
    industry, country, segment, employees, created_at, qualified_at, last_event_at,
    score, score_grade, score_model_version, score_sales_ready, score_scored_at
FROM lead_state FINAL
ANY LEFT JOIN
(
    SELECT
        lead_id,
        total         AS score,
        grade         AS score_grade,
        model_version AS score_model_version,
        sales_ready   AS score_sales_ready,
        scored_at     AS score_scored_at
    FROM lead_score_current FINAL
    WHERE active = 1
) USING (lead_id);

-- Calibration per model version, cohort month (the lead's creation) and score band (10 points
-- wide, by calibration_score; 100 and more in 90..100), kept by the job: how many created leads
-- each version puts in the band, how many of them reached SQL and were won. A lead is counted by
-- its newest score row per version (as in lead_score_current), and moved when that row moves it.
CREATE TABLE IF NOT EXISTS score_calibration_monthly
(
    model_version String COMMENT 'Scoring model version. Key.',
    cohort_month  Date   COMMENT 'UTC month the lead was created. Key.',
    band_from     Int32  COMMENT 'Lower bound of the score band: calibration_score in [band_from, band_from + 10); the band 90 also holds 100 and more. Key.',
    leads         UInt64 COMMENT 'Created leads whose calibration_score under the version is in the band.',
    reached_sql   UInt64 COMMENT 'Of those, leads that reached SQL or beyond.',
    won           UInt64 COMMENT 'Of those, leads that were won.',
    version       UInt64 COMMENT 'Row version, only growing across restarts; ReplacingMergeTree keeps the highest: read with FINAL.'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (model_version, cohort_month, band_from);

-- The same with the band's upper bound and the rates, without the cells that emptied.
CREATE VIEW IF NOT EXISTS score_calibration AS
SELECT
    model_version,
    cohort_month,
    band_from,
    band_from + 10     AS band_to,
    leads,
    reached_sql,
    won,
    reached_sql / leads AS sql_rate,
    won / leads         AS won_rate
FROM score_calibration_monthly FINAL
WHERE leads > 0
ORDER BY model_version, cohort_month, band_from;

-- How well each version ranks leads, over every created lead it scores: AUC (the chance that a
-- lead that converted has a higher calibration_score than one that did not, ties counting half;
-- NULL while either group is empty) and top-decile lift (the conversion rate among the 10 % of
-- leads with the highest scores, ties at the cut shared pro rata, over the overall rate), for
-- conversion to SQL and to won.
CREATE VIEW IF NOT EXISTS score_auc AS
SELECT model_version, outcome, leads, converted, auc, top_decile_lift
FROM
(
SELECT
    model_version,
    outcome,
    sum(positives) + sum(negatives)                                   AS leads,
    sum(positives)                                                    AS converted,
    arraySort(x -> tupleElement(x, 1), groupArray((score, positives, negatives))) AS ascending,
    arrayMap(x -> tupleElement(x, 2), ascending)                      AS pos,
    arrayMap(x -> tupleElement(x, 3), ascending)                      AS neg,
    arrayCumSum(neg)                                                  AS neg_upto,
    if(converted = 0 OR converted = leads, NULL,
       arraySum(arrayMap((p, n, c) -> p * (c - n + n / 2), pos, neg, neg_upto))
           / (converted * (leads - converted)))                      AS auc,
    ceil(leads / 10)                                                  AS top_decile,
    arrayReverse(pos)                                                 AS pos_desc,
    arrayMap((p, n) -> p + n, pos_desc, arrayReverse(neg))            AS count_desc,
    arrayCumSum(count_desc)                                           AS count_upto,
    arraySum(arrayMap((p, c, u) -> p * greatest(0, least(1, (top_decile - (u - c)) / c)),
                      pos_desc, count_desc, count_upto))              AS converted_in_top_decile,
    if(converted = 0, NULL,
       (converted_in_top_decile / top_decile) / (converted / leads)) AS top_decile_lift
FROM
(
    SELECT
        model_version,
        outcome,
        calibration_score AS score,
        sum(hit)          AS positives,
        sum(1 - hit)      AS negatives
    FROM lead_score_current FINAL
    ARRAY JOIN
        ['sql', 'won'] AS outcome,
        [toUInt64(reached_sql_at IS NOT NULL), toUInt64(won_at IS NOT NULL)] AS hit
    WHERE created_at IS NOT NULL
    GROUP BY model_version, outcome, score
)
GROUP BY model_version, outcome
);

ALTER TABLE dead_letters COMMENT COLUMN reason_code 'NOT_JSON, INVALID_UTF8 (not strict UTF-8, or a string with half a surrogate pair), SCHEMA_VIOLATION (including duplicate keys and numbers that are not finite or out of range), UNKNOWN_TYPE, MISSING_LEAD_ID, ABSURD_TIMESTAMP (occurredAt, or a spend day, before 2000 or more than a day ahead), TOO_LARGE; INVALID_RULES for a refused alert-rules document, INVALID_SCORING for a refused scoring command.';
