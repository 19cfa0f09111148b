-- leadflow ClickHouse schema, migration 13: aggregates the job maintains, and fixed definitions.
--
-- The job now keeps the funnel aggregates exactly in its state (a lead's old contributions are
-- retracted and its new ones added when its derivation changes) and writes changed rows, absolute
-- values, to the small tables below; dashboards read them directly (FINAL) instead of re-reading
-- every lead. The per-lead layer stays, with the definitions fixed (schemas/README.md gives each
-- one): LOST is an exit that implies nothing; reach is cumulative (a lead or cycle entering at SQL
-- has reached INQUIRY, MQL and SAL, never PROSPECT); re-entry from NURTURE or DISQUALIFIED starts
-- a new cycle as RECYCLED does; wins count when they happened, per currency; undefined ratios are
-- NULL; waiting times are against the job's event-time clock (event_clock), not now().
--
-- ClickHouse 18.16 has no ADD COLUMN IF NOT EXISTS: SchemaMigrator skips an ADD COLUMN whose column
-- exists, so a half-applied run can be repeated. Columns are only added, never renamed.

ALTER TABLE lead_state ADD COLUMN transition_amount Array(Nullable(Float64)) DEFAULT arrayMap(x -> CAST(NULL AS Nullable(Float64)), transition_seq);
ALTER TABLE lead_state ADD COLUMN transition_currency Array(String) DEFAULT arrayMap(x -> '', transition_seq);
ALTER TABLE lead_state ADD COLUMN cycle_started_at Nullable(DateTime('UTC'));
ALTER TABLE lead_state ADD COLUMN response_started_at Nullable(DateTime('UTC'));
ALTER TABLE lead_state ADD COLUMN first_response_at Nullable(DateTime('UTC'));
ALTER TABLE lead_state ADD COLUMN first_response_owner String;
ALTER TABLE lead_state ADD COLUMN first_response_team String;
ALTER TABLE lead_state ADD COLUMN first_attempt_after_qualified_at Nullable(DateTime('UTC'));
ALTER TABLE lead_state ADD COLUMN last_sales_touch_at Nullable(DateTime('UTC'));

-- 18.16 drops a COMMENT given with ADD COLUMN: the comments are set on their own.
ALTER TABLE lead_state COMMENT COLUMN transition_amount 'Transitions, oldest first: for a move caused by an opportunity event, the amount of that opportunity (NULL when none was given, and for other moves).';
ALTER TABLE lead_state COMMENT COLUMN transition_currency 'Transitions, oldest first: ISO 4217 currency of transition_amount; empty when none.';
ALTER TABLE lead_state COMMENT COLUMN cycle_started_at 'When the current cycle started: the first transition, or the re-entry from RECYCLED, NURTURE or DISQUALIFIED into the funnel.';
ALTER TABLE lead_state COMMENT COLUMN response_started_at 'Start of the speed-to-lead clock: the first entry into a status where sales owes an action (INQUIRY to OPPORTUNITY); NULL for list imports that never engaged and leads disqualified at capture.';
ALTER TABLE lead_state COMMENT COLUMN first_response_at 'First outbound contact attempt at or after response_started_at.';
ALTER TABLE lead_state COMMENT COLUMN first_response_owner 'The lead''s owner when that first response was made.';
ALTER TABLE lead_state COMMENT COLUMN first_response_team 'The team of the owner at the first response.';
ALTER TABLE lead_state COMMENT COLUMN first_attempt_after_qualified_at 'First outbound contact attempt at or after qualified_at (an attempt before MQL is not a reply to it).';
ALTER TABLE lead_state COMMENT COLUMN last_sales_touch_at 'Latest outbound activity (a sales touch); the lead''s own inbound activity does not count.';
ALTER TABLE lead_state COMMENT COLUMN cycle 'Lifecycle cycle, starting at 1; a move from RECYCLED, NURTURE or DISQUALIFIED back into the funnel starts the next one.';
ALTER TABLE lead_state COMMENT COLUMN qualified_at 'When the lead first reached MQL or a later funnel stage (SAL, SQL, OPPORTUNITY, WON; not LOST), in any cycle; NULL while never qualified.';
ALTER TABLE lead_state COMMENT COLUMN transition_implied 'Transitions, oldest first: 1 for a stage passed implicitly: skipped, or below the stage where the lead or cycle entered the funnel (from INQUIRY; never PROSPECT).';

-- The job's event-time clock: per writer (sink subtask) the newest event time it has seen. Its
-- max is "now" for every figure that measures waiting (untouched leads, open stays, speed to lead
-- and cohort maturity), so a replay of 2018 data gives the same answers whenever it is read.
CREATE TABLE IF NOT EXISTS event_clock
(
    writer   String          COMMENT 'Writer of the clock: the job''s sink subtask. Key.',
    clock    DateTime('UTC') COMMENT 'Newest event time the writer has seen.',
    clock_ms UInt64          COMMENT 'The same, in epoch milliseconds; the highest is kept.'
)
ENGINE = ReplacingMergeTree(clock_ms)
ORDER BY writer;

CREATE VIEW IF NOT EXISTS job_clock AS
SELECT newest AS clock, toDate(newest) AS day
FROM (SELECT max(clock) AS newest FROM event_clock);

-- The fixed log-scale buckets of every duration histogram (DurationHistogram in the job): bucket 0
-- is 0 s, then single seconds up to 11 s, then each bucket about 1/11 wider, up to ten years.
-- A quantile is quantileExactWeighted(representative_seconds, count) over a histogram's buckets:
-- within half a bucket (at most 4.6 %) of the exact value, exact below 12 s.
CREATE TABLE IF NOT EXISTS duration_buckets
(
    bucket                 UInt16  COMMENT 'Bucket number. Key.',
    lower_seconds          UInt64  COMMENT 'Least duration in the bucket, seconds.',
    upper_seconds          UInt64  COMMENT 'Greatest duration in the bucket, seconds (the last bucket: no limit).',
    representative_seconds Float64 COMMENT 'The value quantiles give for the bucket: the middle of its range.'
)
ENGINE = ReplacingMergeTree
ORDER BY bucket;

INSERT INTO duration_buckets (bucket, lower_seconds, upper_seconds, representative_seconds) VALUES
    (0, 0, 0, 0.0), (1, 1, 1, 1.0), (2, 2, 2, 2.0), (3, 3, 3, 3.0),
    (4, 4, 4, 4.0), (5, 5, 5, 5.0), (6, 6, 6, 6.0), (7, 7, 7, 7.0),
    (8, 8, 8, 8.0), (9, 9, 9, 9.0), (10, 10, 10, 10.0), (11, 11, 11, 11.0),
    (12, 12, 12, 12.0), (13, 13, 13, 13.0), (14, 14, 14, 14.0), (15, 15, 15, 15.0),
    (16, 16, 16, 16.0), (17, 17, 17, 17.0), (18, 18, 18, 18.0), (19, 19, 19, 19.0),
    (20, 20, 20, 20.0), (21, 21, 21, 21.0), (22, 22, 23, 22.5), (23, 24, 25, 24.5),
    (24, 26, 27, 26.5), (25, 28, 29, 28.5), (26, 30, 31, 30.5), (27, 32, 33, 32.5),
    (28, 34, 36, 35.0), (29, 37, 39, 38.0), (30, 40, 42, 41.0), (31, 43, 45, 44.0),
    (32, 46, 49, 47.5), (33, 50, 53, 51.5), (34, 54, 57, 55.5), (35, 58, 62, 60.0),
    (36, 63, 67, 65.0), (37, 68, 73, 70.5), (38, 74, 79, 76.5), (39, 80, 86, 83.0),
    (40, 87, 93, 90.0), (41, 94, 101, 97.5), (42, 102, 110, 106.0), (43, 111, 120, 115.5),
    (44, 121, 131, 126.0), (45, 132, 143, 137.5), (46, 144, 156, 150.0), (47, 157, 170, 163.5),
    (48, 171, 185, 178.0), (49, 186, 201, 193.5), (50, 202, 219, 210.5), (51, 220, 239, 229.5),
    (52, 240, 260, 250.0), (53, 261, 283, 272.0), (54, 284, 308, 296.0), (55, 309, 336, 322.5),
    (56, 337, 366, 351.5), (57, 367, 399, 383.0), (58, 400, 435, 417.5), (59, 436, 474, 455.0),
    (60, 475, 517, 496.0), (61, 518, 564, 541.0), (62, 565, 615, 590.0), (63, 616, 671, 643.5),
    (64, 672, 732, 702.0), (65, 733, 798, 765.5), (66, 799, 870, 834.5), (67, 871, 949, 910.0),
    (68, 950, 1035, 992.5), (69, 1036, 1129, 1082.5), (70, 1130, 1231, 1180.5), (71, 1232, 1343, 1287.5),
    (72, 1344, 1465, 1404.5), (73, 1466, 1598, 1532.0), (74, 1599, 1743, 1671.0), (75, 1744, 1901, 1822.5),
    (76, 1902, 2073, 1987.5), (77, 2074, 2261, 2167.5), (78, 2262, 2466, 2364.0), (79, 2467, 2690, 2578.5),
    (80, 2691, 2934, 2812.5), (81, 2935, 3200, 3067.5), (82, 3201, 3491, 3346.0), (83, 3492, 3808, 3650.0),
    (84, 3809, 4154, 3981.5), (85, 4155, 4531, 4343.0), (86, 4532, 4943, 4737.5), (87, 4944, 5392, 5168.0),
    (88, 5393, 5882, 5637.5), (89, 5883, 6416, 6149.5), (90, 6417, 6999, 6708.0), (91, 7000, 7635, 7317.5),
    (92, 7636, 8329, 7982.5), (93, 8330, 9086, 8708.0), (94, 9087, 9912, 9499.5), (95, 9913, 10813, 10363.0),
    (96, 10814, 11796, 11305.0), (97, 11797, 12868, 12332.5), (98, 12869, 14037, 13453.0), (99, 14038, 15313, 14675.5),
    (100, 15314, 16705, 16009.5), (101, 16706, 18223, 17464.5), (102, 18224, 19879, 19051.5), (103, 19880, 21686, 20783.0),
    (104, 21687, 23657, 22672.0), (105, 23658, 25807, 24732.5), (106, 25808, 28153, 26980.5), (107, 28154, 30712, 29433.0),
    (108, 30713, 33504, 32108.5), (109, 33505, 36549, 35027.0), (110, 36550, 39871, 38210.5), (111, 39872, 43495, 41683.5),
    (112, 43496, 47449, 45472.5), (113, 47450, 51762, 49606.0), (114, 51763, 56467, 54115.0), (115, 56468, 61600, 59034.0),
    (116, 61601, 67200, 64400.5), (117, 67201, 73309, 70255.0), (118, 73310, 79973, 76641.5), (119, 79974, 87243, 83608.5),
    (120, 87244, 95174, 91209.0), (121, 95175, 103826, 99500.5), (122, 103827, 113264, 108545.5), (123, 113265, 123560, 118412.5),
    (124, 123561, 134792, 129176.5), (125, 134793, 147045, 140919.0), (126, 147046, 160412, 153729.0), (127, 160413, 174995, 167704.0),
    (128, 174996, 190903, 182949.5), (129, 190904, 208257, 199580.5), (130, 208258, 227189, 217723.5), (131, 227190, 247842, 237516.0),
    (132, 247843, 270373, 259108.0), (133, 270374, 294952, 282663.0), (134, 294953, 321765, 308359.0), (135, 321766, 351016, 336391.0),
    (136, 351017, 382926, 366971.5), (137, 382927, 417737, 400332.0), (138, 417738, 455713, 436725.5), (139, 455714, 497141, 476427.5),
    (140, 497142, 542335, 519738.5), (141, 542336, 591638, 566987.0), (142, 591639, 645423, 618531.0), (143, 645424, 704097, 674760.5),
    (144, 704098, 768105, 736101.5), (145, 768106, 837932, 803019.0), (146, 837933, 914107, 876020.0), (147, 914108, 997207, 955657.5),
    (148, 997208, 1087862, 1042535.0), (149, 1087863, 1186758, 1137310.5), (150, 1186759, 1294645, 1240702.0), (151, 1294646, 1412340, 1353493.0),
    (152, 1412341, 1540734, 1476537.5), (153, 1540735, 1680800, 1610767.5), (154, 1680801, 1833600, 1757200.5), (155, 1833601, 2000291, 1916946.0),
    (156, 2000292, 2182135, 2091213.5), (157, 2182136, 2380511, 2281323.5), (158, 2380512, 2596921, 2488716.5), (159, 2596922, 2833004, 2714963.0),
    (160, 2833005, 3090549, 2961777.0), (161, 3090550, 3371508, 3231029.0), (162, 3371509, 3678008, 3524758.5), (163, 3678009, 4012372, 3845190.5),
    (164, 4012373, 4377133, 4194753.0), (165, 4377134, 4775054, 4576094.0), (166, 4775055, 5209149, 4992102.0), (167, 5209150, 5682708, 5445929.0),
    (168, 5682709, 6199317, 5941013.0), (169, 6199318, 6762891, 6481104.5), (170, 6762892, 7377699, 7070295.5), (171, 7377700, 8048399, 7713049.5),
    (172, 8048400, 8780071, 8414235.5), (173, 8780072, 9578259, 9179165.5), (174, 9578260, 10449009, 10013634.5), (175, 10449010, 11398919, 10923964.5),
    (176, 11398920, 12435184, 11917052.0), (177, 12435185, 13565655, 13000420.0), (178, 13565656, 14798896, 14182276.0), (179, 14798897, 16144250, 15471573.5),
    (180, 16144251, 17611909, 16878080.0), (181, 17611910, 19212991, 18412450.5), (182, 19212992, 20959626, 20086309.0), (183, 20959627, 22865046, 21912336.5),
    (184, 22865047, 24943686, 23904366.5), (185, 24943687, 27211293, 26077490.0), (186, 27211294, 29685047, 28448170.5), (187, 29685048, 32383687, 31034367.5),
    (188, 32383688, 35327658, 33855673.0), (189, 35327659, 38539263, 36933461.0), (190, 38539264, 42042832, 40291048.0), (191, 42042833, 45864907, 43953870.0),
    (192, 45864908, 50034444, 47949676.0), (193, 50034445, 54583029, 52308737.0), (194, 54583030, 59545122, 57064076.0), (195, 59545123, 64958315, 62251719.0),
    (196, 64958316, 70863616, 67910966.0), (197, 70863617, 77305763, 74084690.0), (198, 77305764, 84333559, 80819661.5), (199, 84333560, 92000246, 88166903.0),
    (200, 92000247, 100363904, 96182075.5), (201, 100363905, 109487895, 104925900.0), (202, 109487896, 119441340, 114464618.0), (203, 119441341, 130299643, 124870492.0),
    (204, 130299644, 142145065, 136222354.5), (205, 142145066, 155067343, 148606204.5), (206, 155067344, 169164374, 162115859.0), (207, 169164375, 184542953, 176853664.0),
    (208, 184542954, 201319585, 192931269.5), (209, 201319586, 219621365, 210470475.5), (210, 219621366, 239586943, 229604154.5), (211, 239586944, 261367574, 250477259.0),
    (212, 261367575, 285128262, 273247918.5), (213, 285128263, 311049013, 298088638.0), (214, 311049014, 9223372036854775807, 311049014.0);

-- Flow per day x first-touch source x campaign x segment x stage: entries into the stage and exits out of it by kind, so entered - exited is the change in the number of leads in the stage that day (Marketo inflow/outflow/balance).
CREATE TABLE IF NOT EXISTS funnel_flow
(
    day             Date   COMMENT 'UTC day of the transition. Key.',
    lead_source     String COMMENT 'First-touch source of the lead. Key.',
    campaign        String COMMENT 'First-touch campaign. Key.',
    segment         String COMMENT 'Business segment. Key.',
    stage           String COMMENT 'Lifecycle status entered or left. Key.',
    entered         UInt64 COMMENT 'Transitions into the stage (implied ones included).',
    entered_implied UInt64 COMMENT 'Of entered: stages passed implicitly (skipped, or below where the lead or cycle entered the funnel).',
    exited          UInt64 COMMENT 'Transitions out of the stage; exited = advanced + moved_back + lost + disqualified + nurtured + recycled + reentered.',
    advanced        UInt64 COMMENT 'Exits to a higher funnel stage (PROSPECT < INQUIRY < MQL < SAL < SQL < OPPORTUNITY < WON).',
    moved_back      UInt64 COMMENT 'Exits to a lower funnel stage.',
    lost            UInt64 COMMENT 'Exits to LOST.',
    disqualified    UInt64 COMMENT 'Exits to DISQUALIFIED.',
    nurtured        UInt64 COMMENT 'Exits to NURTURE.',
    recycled        UInt64 COMMENT 'Exits to RECYCLED.',
    reentered       UInt64 COMMENT 'Exits from LOST, DISQUALIFIED, NURTURE or RECYCLED back into a funnel stage.',
    version         UInt64 COMMENT 'Row version, only growing across restarts (max of the previous + 1 and the write time in microseconds); ReplacingMergeTree keeps the highest: read with FINAL.'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (day, lead_source, campaign, segment, stage);

-- Cohort reach: members of a cohort (unit lead: by creation day; first_cycle: the same leads, counting only the first cycle; cycle: every cycle by the day it started) that first entered a stage a given number of days after the cohort start. Any window W is sum(members) WHERE days_to_reach <= W; stage '' holds the cohort size.
CREATE TABLE IF NOT EXISTS cohort_reach
(
    unit          String COMMENT 'lead, first_cycle or cycle. Key.',
    cohort_day    Date   COMMENT 'UTC day the lead was created (unit cycle: the day the cycle started). Key.',
    lead_source   String COMMENT 'First-touch source. Key.',
    campaign      String COMMENT 'First-touch campaign. Key.',
    stage         String COMMENT 'Status first entered; '''' for the cohort''s members. Key.',
    days_to_reach UInt32 COMMENT 'Whole days, rounded up, from the cohort start to the first entry (0 for members). Key.',
    members       UInt64 COMMENT 'Leads (or cycles) of the cohort that first entered the stage that many days after its start.',
    version       UInt64 COMMENT 'Row version, only growing across restarts (max of the previous + 1 and the write time in microseconds); ReplacingMergeTree keeps the highest: read with FINAL.'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (unit, cohort_day, lead_source, campaign, stage, days_to_reach);

-- Source metrics per month x attribution x source x campaign x currency. Leads count in the month they were created, MQL and SQL in the month first reached, opportunities and wins (and their amounts, per currency, never summed across currencies) in the month they happened, whatever the lead's status is now. Counts of leads, MQL and SQL are on currency ''.
CREATE TABLE IF NOT EXISTS source_monthly
(
    month                 Date   COMMENT 'First day of the UTC month. Key.',
    attribution           String COMMENT 'first_touch or last_touch. Key.',
    lead_source           String COMMENT 'Source under that attribution. Key.',
    campaign              String COMMENT 'Campaign under that attribution. Key.',
    currency              String COMMENT 'ISO 4217 currency of the amounts on the row; '''' for the lead counts and for opportunities without a currency. Key.',
    leads                 UInt64 COMMENT 'Leads created in the month.',
    reached_mql           UInt64 COMMENT 'Leads that first reached MQL (or beyond, reach is cumulative) in the month.',
    reached_sql           UInt64 COMMENT 'Leads that first reached SQL in the month.',
    opportunities         UInt64 COMMENT 'Entries into OPPORTUNITY in the month.',
    won                   UInt64 COMMENT 'Wins in the month (entries into WON).',
    pipeline_amount_milli Int64  COMMENT 'Sum of the opportunity amounts at entry into OPPORTUNITY, in thousandths of the currency.',
    won_amount_milli      Int64  COMMENT 'Sum of the won amounts, in thousandths of the currency.',
    version               UInt64 COMMENT 'Row version, only growing across restarts (max of the previous + 1 and the write time in microseconds); ReplacingMergeTree keeps the highest: read with FINAL.'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (month, attribution, lead_source, campaign, currency);

-- Speed to lead per UTC day x hour the response clock started x source x owner x team x channel. The clock starts when the lead (in its first cycle with one) first enters INQUIRY..OPPORTUNITY: PROSPECT list imports that never engaged and leads disqualified at capture are not counted. The owner and team are those who made the first response (the current ones while there is none).
CREATE TABLE IF NOT EXISTS speed_to_lead_daily
(
    day                     Date          COMMENT 'UTC day the response clock started. Key.',
    lead_source             String        COMMENT 'First-touch source. Key.',
    owner                   String        COMMENT 'Owner who made the first response, else the current owner. Key.',
    team                    String        COMMENT 'Team of that owner. Key.',
    channel                 String        COMMENT 'Capture channel. Key.',
    hour                    UInt8         COMMENT 'UTC hour the clock started (0-23). Key.',
    leads                   UInt64        COMMENT 'Leads whose response clock started.',
    contacted               UInt64        COMMENT 'Of them, those with a first outbound attempt after the start.',
    contacted_within_5m     UInt64        COMMENT 'Contacted within 5 minutes of the start.',
    contacted_within_1h     UInt64        COMMENT 'Contacted within 1 hour.',
    contacted_within_24h    UInt64        COMMENT 'Contacted within 24 hours.',
    connected               UInt64        COMMENT 'Connected (connected or meeting_booked) after the start.',
    qualified               UInt64        COMMENT 'Leads that qualified (reached MQL or beyond).',
    qualified_contacted     UInt64        COMMENT 'Qualified leads with an attempt at or after qualification.',
    attempts_to_connect_sum Int64         COMMENT 'Sum of the attempts up to the first connect, over the connected leads.',
    wait_bucket             Array(UInt16) COMMENT 'Histogram of the seconds from the clock start to the first response: duration_buckets.bucket of each non-empty bucket.',
    wait_count              Array(UInt64) COMMENT 'Histogram of the seconds from the clock start to the first response: how many fell in each bucket of wait_bucket.',
    from_qualified_bucket   Array(UInt16) COMMENT 'Histogram of the seconds from qualification to the first attempt after it: duration_buckets.bucket of each non-empty bucket.',
    from_qualified_count    Array(UInt64) COMMENT 'Histogram of the seconds from qualification to the first attempt after it: how many fell in each bucket of from_qualified_bucket.',
    connect_bucket          Array(UInt16) COMMENT 'Histogram of the seconds from the clock start to the first connect: duration_buckets.bucket of each non-empty bucket.',
    connect_count           Array(UInt64) COMMENT 'Histogram of the seconds from the clock start to the first connect: how many fell in each bucket of connect_bucket.',
    version                 UInt64        COMMENT 'Row version, only growing across restarts (max of the previous + 1 and the write time in microseconds); ReplacingMergeTree keeps the highest: read with FINAL.'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (day, lead_source, owner, team, channel, hour);

-- Completed stays per month left x source x stage x next stage: a stay runs from a real (not implied) entry into a stage to the lead's next real move.
CREATE TABLE IF NOT EXISTS stage_velocity_monthly
(
    month          Date          COMMENT 'First day of the UTC month the stay ended. Key.',
    lead_source    String        COMMENT 'First-touch source. Key.',
    stage          String        COMMENT 'Stage stayed in. Key.',
    next_stage     String        COMMENT 'Status of the next real move. Key.',
    moves          UInt64        COMMENT 'Completed stays.',
    seconds_sum    Int64         COMMENT 'Sum of the stays'' lengths in seconds (average = seconds_sum / moves).',
    seconds_bucket Array(UInt16) COMMENT 'Histogram of the length of the stay in seconds: duration_buckets.bucket of each non-empty bucket.',
    seconds_count  Array(UInt64) COMMENT 'Histogram of the length of the stay in seconds: how many fell in each bucket of seconds_bucket.',
    version        UInt64        COMMENT 'Row version, only growing across restarts (max of the previous + 1 and the write time in microseconds); ReplacingMergeTree keeps the highest: read with FINAL.'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (month, lead_source, stage, next_stage);

-- Stays still open: leads per day they entered their current status x source x status (time in the current stage is the event clock minus the day).
CREATE TABLE IF NOT EXISTS stage_open_daily
(
    day         Date   COMMENT 'UTC day the lead''s last real move happened. Key.',
    lead_source String COMMENT 'First-touch source. Key.',
    stage       String COMMENT 'Current status. Key.',
    leads       UInt64 COMMENT 'Leads in the stage since that day.',
    version     UInt64 COMMENT 'Row version, only growing across restarts (max of the previous + 1 and the write time in microseconds); ReplacingMergeTree keeps the highest: read with FINAL.'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (day, lead_source, stage);

-- The per-lead views, with the fixed definitions; names and columns are kept (columns are only
-- added, at the end) because analysts' saved queries rely on them.

DROP TABLE IF EXISTS lead_transitions;

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
    version,
    t_amount      AS amount,
    t_currency    AS currency
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
    transition_implied     AS t_implied,
    transition_amount      AS t_amount,
    transition_currency    AS t_currency;

-- Flows balance: per day, source, campaign, segment and stage, entered - exited is the change in
-- the number of leads in the stage, and the exits split by kind. A move to a higher funnel stage
-- (PROSPECT < INQUIRY < MQL < SAL < SQL < OPPORTUNITY < WON) is advanced, to a lower one moved
-- back; LOST, DISQUALIFIED, NURTURE and RECYCLED are exits of their own; leaving one of those for
-- the funnel is reentered.
DROP TABLE IF EXISTS funnel_daily;

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
    toUInt64(sum(entered_implied)) AS entered_implied,
    toUInt64(sum(exited)) AS exited,
    toUInt64(sum(moved_back)) AS moved_back,
    toUInt64(sum(lost)) AS lost,
    toUInt64(sum(nurtured)) AS nurtured,
    toUInt64(sum(reentered)) AS reentered
FROM
(
    SELECT
        toDate(occurred_at) AS day,
        lead_id,
        to_status AS stage,
        1 AS entered,
        implied AS entered_implied,
        0 AS exited,
        0 AS advanced,
        0 AS moved_back,
        0 AS lost,
        0 AS disqualified,
        0 AS nurtured,
        0 AS recycled,
        0 AS reentered
    FROM lead_transitions
    UNION ALL
    SELECT
        day,
        lead_id,
        stage,
        0 AS entered,
        0 AS entered_implied,
        1 AS exited,
        exit_kind = 'advanced' AS advanced,
        exit_kind = 'moved_back' AS moved_back,
        exit_kind = 'lost' AS lost,
        exit_kind = 'disqualified' AS disqualified,
        exit_kind = 'nurtured' AS nurtured,
        exit_kind = 'recycled' AS recycled,
        exit_kind = 'reentered' AS reentered
    FROM
    (
        SELECT
            toDate(occurred_at) AS day,
            lead_id,
            from_status AS stage,
            indexOf(['PROSPECT', 'INQUIRY', 'MQL', 'SAL', 'SQL', 'OPPORTUNITY', 'WON'], from_status) AS from_rank,
            indexOf(['PROSPECT', 'INQUIRY', 'MQL', 'SAL', 'SQL', 'OPPORTUNITY', 'WON'], to_status) AS to_rank,
            multiIf(
                to_status = 'LOST', 'lost',
                to_status = 'DISQUALIFIED', 'disqualified',
                to_status = 'NURTURE', 'nurtured',
                to_status = 'RECYCLED', 'recycled',
                from_rank = 0, 'reentered',
                to_rank > from_rank, 'advanced',
                'moved_back') AS exit_kind
        FROM lead_transitions
        WHERE from_status != ''
    )
) AS flows
ANY LEFT JOIN
(
    SELECT lead_id, lead_source, campaign, segment
    FROM lead_state FINAL
) AS leads USING (lead_id)
GROUP BY day, lead_source, campaign, segment, stage
;

-- Cohort maturity: a cohort's figure for a window is final (mature = 1) once the window has passed
-- for its youngest member, by the job's event clock.
DROP TABLE IF EXISTS funnel_cohort_windows;

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
    round(reached_within / leads, 4) AS conversion,
    toUInt8(addDays(multiIf(grain = 'day', cohort_start, grain = 'week', addDays(cohort_start, 6), addDays(addMonths(cohort_start, 1), -1)), window_days + 1) <= (SELECT day FROM job_clock)) AS mature
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

-- Stage velocity: a stay runs from a real (not implied) entry to the lead's next real move; the
-- month is the one the stay ended in. Stays still open are in stage_open.
DROP TABLE IF EXISTS stage_velocity;

CREATE VIEW IF NOT EXISTS stage_velocity AS
SELECT
    lead_source,
    stage,
    next_stage,
    toUInt64(count()) AS moves,
    quantilesExact(0.5, 0.9, 0.99)(seconds_in_stage / 3600) AS hours_in_stage_p50_p90_p99,
    round(avg(seconds_in_stage) / 3600, 2) AS hours_in_stage_avg,
    month
FROM
(
    SELECT
        lead_id,
        tupleElement(stay, 1) AS stage,
        tupleElement(stay, 2) AS next_stage,
        toStartOfMonth(toDateTime(tupleElement(stay, 4), 'UTC')) AS month,
        toInt64(tupleElement(stay, 4)) - toInt64(tupleElement(stay, 3)) AS seconds_in_stage
    FROM
    (
        SELECT
            lead_id,
            arrayJoin(arrayMap((s, n, t, u) -> (s, n, t, u), arrayPopBack(statuses), arrayPopFront(statuses), arrayPopBack(times), arrayPopFront(times))) AS stay
        FROM
        (
            SELECT
                lead_id,
                arrayMap(x -> tupleElement(x, 2), arraySort(groupArray((seq, to_status)))) AS statuses,
                arrayMap(x -> tupleElement(x, 2), arraySort(groupArray((seq, toUInt32(occurred_at))))) AS times
            FROM lead_transitions
            WHERE implied = 0
            GROUP BY lead_id
        )
    )
) AS durations
ANY LEFT JOIN
(
    SELECT lead_id, lead_source FROM lead_state FINAL
) AS leads USING (lead_id)
GROUP BY lead_source, stage, next_stage, month
;

-- Stays still open: each lead's current stay (from its last real move), with its length against
-- the job's event clock.
CREATE VIEW IF NOT EXISTS stage_open AS
SELECT
    lead_id,
    lead_source,
    stage,
    entered_at,
    intDiv(toInt64(toUnixTimestamp((SELECT clock FROM job_clock))) - toInt64(toUnixTimestamp(entered_at)), 86400) AS days_in_stage
FROM
(
    SELECT lead_id, argMax(to_status, seq) AS stage, argMax(occurred_at, seq) AS entered_at
    FROM lead_transitions
    WHERE implied = 0
    GROUP BY lead_id
) AS stays
ANY LEFT JOIN
(
    SELECT lead_id, lead_source FROM lead_state FINAL
) AS leads USING (lead_id);

-- Source metrics: leads in the month they were created, MQL and SQL in the month first reached,
-- opportunities and wins (and amounts) in the month they happened, whatever the lead's status is
-- now; amounts per currency, never summed across currencies (lead counts and spend are on the
-- row of currency ''). A ratio that is undefined (no leads, no SQL, no spend) is NULL, not 0.
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
    if(leads > 0 AND spend > 0, round(spend / leads, 2), NULL) AS cost_per_lead,
    if(reached_sql > 0 AND spend > 0, round(spend / reached_sql, 2), NULL) AS cost_per_sql,
    if(spend > 0, round((won_amount - spend) / spend, 4), NULL) AS roi,
    currency,
    opportunities
FROM
(
    SELECT
        month,
        attribution,
        lead_source,
        campaign,
        currency,
        toUInt64(sum(is_lead)) AS leads,
        toUInt64(sum(is_mql)) AS reached_mql,
        toUInt64(sum(is_sql)) AS reached_sql,
        toUInt64(sum(is_opportunity)) AS opportunities,
        toUInt64(sum(is_win)) AS won,
        sum(if(is_opportunity = 1, amount, 0)) AS pipeline_amount,
        sum(if(is_win = 1, amount, 0)) AS won_amount
    FROM
    (
        SELECT
            toStartOfMonth(at) AS month,
            attribution,
            if(attribution = 'first_touch', first_source, touch_source) AS lead_source,
            if(attribution = 'first_touch', first_campaign, touch_campaign) AS campaign,
            currency,
            kind = 'lead' AS is_lead,
            kind = 'MQL' AS is_mql,
            kind = 'SQL' AS is_sql,
            kind = 'OPPORTUNITY' AS is_opportunity,
            kind = 'WON' AS is_win,
            amount
        FROM
        (
            SELECT
                lead_id, kind, at, currency, amount, first_source, first_campaign, touch_source, touch_campaign,
                arrayJoin(['first_touch', 'last_touch']) AS attribution
            FROM
            (
                SELECT lead_id, 'lead' AS kind, assumeNotNull(created_at) AS at, '' AS currency, toFloat64(0) AS amount
                FROM lead_state FINAL
                WHERE created_at IS NOT NULL
                UNION ALL
                SELECT lead_id, to_status AS kind, min(occurred_at) AS at, '' AS currency, toFloat64(0) AS amount
                FROM lead_transitions
                WHERE to_status IN ('MQL', 'SQL')
                GROUP BY lead_id, to_status
                UNION ALL
                SELECT lead_id, to_status AS kind, occurred_at AS at, currency, ifNull(amount, 0) AS amount
                FROM lead_transitions
                WHERE to_status IN ('OPPORTUNITY', 'WON')
            ) AS lead_events
            ALL INNER JOIN
            (
                SELECT lead_id, lead_source AS first_source, campaign AS first_campaign,
                    last_touch_source AS touch_source, last_touch_campaign AS touch_campaign
                FROM lead_state FINAL
                WHERE created_at IS NOT NULL
            ) AS attributions USING (lead_id)
        )
    )
    GROUP BY month, attribution, lead_source, campaign, currency
) AS funnel
ALL FULL OUTER JOIN
(
    SELECT
        toStartOfMonth(day) AS month,
        arrayJoin(['first_touch', 'last_touch']) AS attribution,
        lead_source,
        campaign,
        '' AS currency,
        sum(amount) AS spend
    FROM campaign_costs FINAL
    GROUP BY month, attribution, lead_source, campaign
) AS costs USING (month, attribution, lead_source, campaign, currency)
;

-- Speed to lead: the population is the leads sales owes a response (response_started_at: first
-- entry into INQUIRY..OPPORTUNITY), waiting from then to the first attempt after it, or, while
-- there is none, to the job's event clock (never now()); a lead not yet 24 h old by that clock
-- (its hour + 25 h) and not yet contacted is not in the 24-h share's denominator (eligible_24h);
-- from MQL counts only attempts at or after qualification;
-- the owner and team are those of the first response. The dimension 'day' gives every figure per
-- UTC day the clock started.
DROP TABLE IF EXISTS speed_to_lead;

CREATE VIEW IF NOT EXISTS speed_to_lead AS
SELECT
    tupleElement(dim, 1) AS dimension,
    tupleElement(dim, 2) AS value,
    toUInt64(count()) AS leads,
    toUInt64(countIf(attempted)) AS contacted,
    toUInt64(countIf(NOT attempted)) AS never_contacted,
    toUInt64(countIf(attempted AND wait_seconds <= 3600)) AS contacted_within_1h,
    toUInt64(countIf(attempted AND wait_seconds <= 86400)) AS contacted_within_24h,
    if(countIf(eligible) > 0, round(countIf(attempted AND wait_seconds <= 86400) / countIf(eligible), 4), NULL) AS share_within_24h,
    arrayMap(x -> round(x / 60, 1), quantilesExact(0.5, 0.9, 0.99)(wait_seconds)) AS minutes_to_first_attempt_p50_p90_p99,
    arrayMap(x -> round(x / 60, 1), quantilesExactIf(0.5, 0.9, 0.99)(from_mql_seconds, qualified)) AS minutes_from_mql_p50_p90_p99,
    arrayMap(x -> round(x / 60, 1), quantilesExactIf(0.5, 0.9, 0.99)(from_assignment_seconds, assigned)) AS minutes_from_assignment_p50_p90_p99,
    arrayMap(x -> round(x / 60, 1), quantilesExactIf(0.5, 0.9, 0.99)(connect_seconds, connected)) AS minutes_to_connect_p50_p90_p99,
    if(countIf(connected) > 0, round(avgIf(attempts_to_connect_n, connected), 2), NULL) AS avg_attempts_to_connect,
    arrayMap(x -> round(x / 3600, 2), quantilesExactIf(0.5, 0.9)(assignment_seconds, assigned)) AS hours_to_assignment_p50_p90,
    round(avg(handoffs_before_contact), 2) AS avg_handoffs_before_contact,
    toUInt64(countIf(eligible)) AS eligible_24h,
    toUInt64(countIf(attempted AND wait_seconds <= 300)) AS contacted_within_5m
FROM
(
    SELECT
        arrayJoin([
            ('source', lead_source),
            ('owner', responder),
            ('team', responder_team),
            ('channel', channel),
            ('hour_of_day', toString(toHour(started))),
            ('day_of_week', toString(toDayOfWeek(started))),
            ('day', toString(toDate(started)))
        ]) AS dim,
        first_response_at IS NOT NULL AS attempted,
        first_connect_at IS NOT NULL AND first_connect_at >= started AS connected,
        qualified_at IS NOT NULL AS qualified,
        assigned_at IS NOT NULL AS assigned,
        (attempted AND wait_seconds <= 86400) OR toUInt32(toStartOfHour(started)) + 3600 + 86400 <= toUInt32(clock) AS eligible,
        toInt64(toUnixTimestamp(ifNull(first_response_at, clock))) - toInt64(toUnixTimestamp(started)) AS wait_seconds,
        greatest(toInt64(toUnixTimestamp(ifNull(first_attempt_after_qualified_at, clock))) - toInt64(toUnixTimestamp(ifNull(qualified_at, started))), 0) AS from_mql_seconds,
        greatest(toInt64(toUnixTimestamp(ifNull(first_response_at, clock))) - toInt64(toUnixTimestamp(ifNull(assigned_at, started))), 0) AS from_assignment_seconds,
        toInt64(toUnixTimestamp(ifNull(first_connect_at, started))) - toInt64(toUnixTimestamp(started)) AS connect_seconds,
        ifNull(attempts_to_connect, 0) AS attempts_to_connect_n,
        greatest(toInt64(toUnixTimestamp(ifNull(assigned_at, started))) - toInt64(toUnixTimestamp(started)), 0) AS assignment_seconds,
        handoffs_before_contact
    FROM
    (
        SELECT
            assumeNotNull(response_started_at) AS started,
            lead_source, channel,
            if(first_response_at IS NULL, owner, first_response_owner) AS responder,
            if(first_response_at IS NULL, team, first_response_team) AS responder_team,
            first_response_at, first_connect_at, qualified_at, first_attempt_after_qualified_at,
            assigned_at, attempts_to_connect, handoffs_before_contact,
            (SELECT clock FROM job_clock) AS clock
        FROM lead_state FINAL
        WHERE created_at IS NOT NULL AND response_started_at IS NOT NULL
    )
)
GROUP BY dimension, value
;

-- Untouched leads: open means a status where sales owes an action (INQUIRY to OPPORTUNITY); the
-- clock is reset by a sales touch (outbound activity) or the start of the current cycle, not by
-- the lead's own activity, and runs to the job's event clock.
DROP TABLE IF EXISTS untouched_leads;

CREATE VIEW IF NOT EXISTS untouched_leads AS
SELECT
    lead_id,
    owner,
    team,
    status,
    lead_source,
    created,
    last_activity_at,
    intDiv(toInt64(toUnixTimestamp((SELECT clock FROM job_clock))) - toInt64(toUnixTimestamp(touched)), 86400) AS days_untouched,
    last_sales_touch_at
FROM
(
    SELECT lead_id, owner, team, status, lead_source, assumeNotNull(created_at) AS created,
        last_activity_at, last_sales_touch_at,
        greatest(greatest(ifNull(last_sales_touch_at, toDateTime(0, 'UTC')), ifNull(cycle_started_at, toDateTime(0, 'UTC'))), assumeNotNull(created_at)) AS touched
    FROM lead_state FINAL
    WHERE created_at IS NOT NULL AND status IN ('INQUIRY', 'MQL', 'SAL', 'SQL', 'OPPORTUNITY')
);

-- Re-engagement: back in the funnel means a later entry at MQL or beyond (SAL, SQL, OPPORTUNITY,
-- WON), not only MQL itself.
DROP TABLE IF EXISTS reengagement;

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
        minIf(toUnixTimestamp(later_at), later_seq > side_seq AND later_status IN ('MQL', 'SAL', 'SQL', 'OPPORTUNITY', 'WON')) AS first_mql_at,
        minIf(toUnixTimestamp(later_at), later_seq > side_seq AND later_status IN ('SQL', 'OPPORTUNITY', 'WON')) AS first_sql_at,
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

-- The sales/marketing feedback loop: per month of entry into MQL, source and campaign, how many
-- MQLs sales accepted (the next real move is SAL or further up), rejected (sent back, disqualified,
-- nurtured, recycled or lost), or still has to decide, and how long acceptance took.
CREATE VIEW IF NOT EXISTS mql_acceptance AS
SELECT
    toStartOfMonth(mql_at) AS month,
    lead_source,
    campaign,
    toUInt64(count()) AS mqls,
    toUInt64(countIf(outcome = 'accepted')) AS accepted,
    toUInt64(countIf(outcome = 'rejected')) AS rejected,
    toUInt64(countIf(outcome = 'pending')) AS pending,
    if(countIf(outcome != 'pending') > 0, round(countIf(outcome = 'accepted') / countIf(outcome != 'pending'), 4), NULL) AS acceptance_rate,
    arrayMap(x -> round(x / 3600, 2), quantilesExactIf(0.5, 0.9)(decided_at - toUInt32(mql_at), outcome = 'accepted')) AS hours_to_accept_p50_p90
FROM
(
    SELECT
        lead_id,
        toDateTime(tupleElement(stay, 2), 'UTC') AS mql_at,
        tupleElement(stay, 3) AS decided_at,
        multiIf(tupleElement(stay, 1) = '', 'pending', indexOf(['SAL', 'SQL', 'OPPORTUNITY', 'WON'], tupleElement(stay, 1)) > 0, 'accepted', 'rejected') AS outcome
    FROM
    (
        SELECT
            lead_id,
            arrayJoin(arrayFilter(x -> tupleElement(x, 4) = 'MQL', arrayMap((n, t, u, s) -> (n, t, u, s), arrayPushBack(arrayPopFront(statuses), ''), times, arrayPushBack(arrayPopFront(times), toUInt32(0)), statuses))) AS stay
        FROM
        (
            SELECT
                lead_id,
                arrayMap(x -> tupleElement(x, 2), arraySort(groupArray((seq, to_status)))) AS statuses,
                arrayMap(x -> tupleElement(x, 2), arraySort(groupArray((seq, toUInt32(occurred_at))))) AS times
            FROM lead_transitions
            WHERE implied = 0
            GROUP BY lead_id
        )
    )
) AS decisions
ANY LEFT JOIN
(
    SELECT lead_id, lead_source, campaign FROM lead_state FINAL
) AS leads USING (lead_id)
GROUP BY month, lead_source, campaign
;

-- Why sales rejected MQLs: the reason given with each real move out of MQL that is not an
-- acceptance, per month, source and campaign.
CREATE VIEW IF NOT EXISTS mql_rejections AS
SELECT
    toStartOfMonth(occurred_at) AS month,
    lead_source,
    campaign,
    to_status,
    reason,
    toUInt64(count()) AS rejections
FROM
(
    SELECT lead_id, occurred_at, to_status, reason
    FROM lead_transitions
    WHERE from_status = 'MQL' AND implied = 0 AND to_status NOT IN ('SAL', 'SQL', 'OPPORTUNITY', 'WON')
) AS moves
ANY LEFT JOIN
(
    SELECT lead_id, lead_source, campaign FROM lead_state FINAL
) AS leads USING (lead_id)
GROUP BY month, lead_source, campaign, to_status, reason
;

-- SLA clocks: every clock that starts leaves a row, so compliance per policy, owner and day is a
-- query. A clock ends at its stop condition or when the lead leaves sales' hands before it (won,
-- lost, disqualified, nurtured, recycled): a breached lead then disqualified is resolved as left
-- scope, not open forever. Outcomes are read against the job's event clock.
CREATE TABLE IF NOT EXISTS sla_clocks
(
    policy        String                    COMMENT 'SLA policy. Key.',
    lead_id       String                    COMMENT 'Lead. Key.',
    owner         String                    COMMENT 'Owner of the lead (the latest known).',
    team          String                    COMMENT 'Team of that owner.',
    started_at    DateTime('UTC')           COMMENT 'When the clock started.',
    warn_at       Nullable(DateTime('UTC')) COMMENT 'When the warning is due; NULL for none.',
    due_at        DateTime('UTC')           COMMENT 'The deadline.',
    stopped_at    Nullable(DateTime('UTC')) COMMENT 'When the stop condition was met (e.g. the first attempt); NULL while not.',
    left_scope_at Nullable(DateTime('UTC')) COMMENT 'When the lead left sales'' hands (WON, LOST, DISQUALIFIED, NURTURE, RECYCLED) before the stop; NULL while not.',
    covered       UInt8                     COMMENT '1 while the policy covers the lead; 0 once a late event took it out (ignore those rows).',
    version       UInt64                    COMMENT 'Events applied to the lead when written; the highest wins: read with FINAL.'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (policy, lead_id);

-- Each clock's outcome by the event clock: MET (stopped by the deadline), BREACHED (the deadline
-- passed first; resolution says how it ended: contacted_late, left_scope, or open), LEFT_SCOPE
-- (the lead left sales' hands before the deadline and the stop), OPEN (running, not yet due;
-- at_risk once its warning point has passed).
CREATE VIEW IF NOT EXISTS sla_outcomes AS
SELECT
    policy,
    lead_id,
    owner,
    team,
    started_at,
    due_at,
    stopped_at,
    left_scope_at,
    multiIf(
        ended IS NOT NULL AND ended <= due_at AND left_scope_at IS NULL, 'MET',
        ended IS NOT NULL AND ended <= due_at, 'LEFT_SCOPE',
        due_at < clock, 'BREACHED',
        'OPEN') AS outcome,
    multiIf(
        outcome != 'BREACHED', '',
        left_scope_at IS NOT NULL, 'left_scope',
        stopped_at IS NOT NULL, 'contacted_late',
        'open') AS resolution,
    toUInt8(outcome = 'OPEN' AND warn_at IS NOT NULL AND warn_at <= clock) AS at_risk,
    if(ended IS NULL, NULL, toInt64(toUnixTimestamp(assumeNotNull(ended))) - toInt64(toUnixTimestamp(started_at))) AS seconds_to_end
FROM
(
    SELECT *, if(left_scope_at IS NOT NULL, left_scope_at, stopped_at) AS ended, (SELECT clock FROM job_clock) AS clock
    FROM sla_clocks FINAL
    WHERE covered = 1
);

-- Compliance per policy, owner and UTC day the clock started: met / (met + breached), NULL while
-- nothing was decided; clocks that left scope before their deadline count in neither.
CREATE VIEW IF NOT EXISTS sla_compliance AS
SELECT
    toDate(started_at) AS day,
    policy,
    owner,
    toUInt64(count()) AS clocks,
    toUInt64(countIf(outcome = 'MET')) AS met,
    toUInt64(countIf(outcome = 'BREACHED')) AS breached,
    toUInt64(countIf(outcome = 'LEFT_SCOPE')) AS left_scope,
    toUInt64(countIf(outcome = 'OPEN')) AS open,
    toUInt64(countIf(at_risk = 1)) AS at_risk,
    if(countIf(outcome IN ('MET', 'BREACHED')) > 0, round(countIf(outcome = 'MET') / countIf(outcome IN ('MET', 'BREACHED')), 4), NULL) AS compliance
FROM sla_outcomes
GROUP BY day, policy, owner;

-- Open clocks past their warning point and not yet breached: who to call now.
CREATE VIEW IF NOT EXISTS sla_at_risk AS
SELECT policy, lead_id, owner, team, started_at, due_at
FROM sla_outcomes
WHERE at_risk = 1;
