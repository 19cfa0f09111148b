package io.leadflow.e2e;

import io.leadflow.e2e.testing.KafkaServer;
import io.leadflow.generator.DeliveryPlan;
import io.leadflow.generator.GeneratedHistory;
import io.leadflow.generator.LeadEvent;
import io.leadflow.generator.LeadRejection;
import io.leadflow.generator.LeadTransition;
import io.leadflow.generator.LeadTruth;
import io.leadflow.generator.MalformedRecord;
import io.leadflow.generator.TopicRouting;
import io.leadflow.schema.clickhouse.ClickHouseHttp;
import io.leadflow.schema.clickhouse.ConversionWindowsTable;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Compares what the job wrote to ClickHouse (and the dead-letter topic) with the generator's ground
 * truth, which is computed without any of the job's code.
 */
final class GroundTruthCheck {

    private GroundTruthCheck() {}

    /** Leads in ClickHouse that differ from the truth, as readable lines; empty when all match. */
    static List<String> leadMismatches(ClickHouseHttp ch, GeneratedHistory history) {
        return leadMismatches(ch, history, Set.of());
    }

    /**
     * Like {@link #leadMismatches(ClickHouseHttp, GeneratedHistory)}, where {@code others} are
     * leads from another source that ClickHouse may hold besides the history's.
     */
    static List<String> leadMismatches(
            ClickHouseHttp ch, GeneratedHistory history, Set<String> others) {
        Map<String, Long> distinctEvents =
                history.events().stream()
                        .filter(e -> e.leadId() != null)
                        .collect(Collectors.groupingBy(LeadEvent::leadId, Collectors.counting()));
        Map<String, JsonNode> rows = new HashMap<>();
        for (JsonNode row :
                ch.query(
                        "SELECT lead_id, status, contact_status, cycle, owner, activity_count,"
                                + " contact_attempts, toUnixTimestamp(created_at) AS created,"
                                + " events_applied, ifNull(toString(toUnixTimestamp(qualified_at)),"
                                + " '') AS qualified, last_touch_source, last_touch_campaign"
                                + " FROM lead_state FINAL")) {
            rows.put(row.get("lead_id").asText(), row);
        }
        List<String> mismatches = new ArrayList<>();
        for (LeadTruth t : history.truth().leads().values()) {
            JsonNode r = rows.remove(t.leadId());
            String expected =
                    String.join(
                            "|",
                            t.status(),
                            t.contactStatus(),
                            String.valueOf(t.cycle()),
                            t.owner() == null ? "" : t.owner(),
                            String.valueOf(t.activityCount()),
                            String.valueOf(t.contactAttempts()),
                            String.valueOf(t.createdAt().getEpochSecond()),
                            String.valueOf(distinctEvents.get(t.leadId())),
                            t.qualifiedAt() == null
                                    ? ""
                                    : String.valueOf(t.qualifiedAt().getEpochSecond()),
                            t.lastTouchSource(),
                            t.lastTouchCampaign());
            if (r == null) {
                mismatches.add(t.leadId() + " missing, expected " + expected);
                continue;
            }
            String actual =
                    String.join(
                            "|",
                            r.get("status").asText(),
                            r.get("contact_status").asText(),
                            r.get("cycle").asText(),
                            r.get("owner").asText(),
                            r.get("activity_count").asText(),
                            r.get("contact_attempts").asText(),
                            r.get("created").asText(),
                            r.get("events_applied").asText(),
                            r.get("qualified").asText(),
                            r.get("last_touch_source").asText(),
                            r.get("last_touch_campaign").asText());
            if (!expected.equals(actual)) {
                mismatches.add(t.leadId() + " expected " + expected + " got " + actual);
            }
        }
        rows.keySet().stream()
                .filter(id -> !others.contains(id))
                .forEach(id -> mismatches.add(id + " is not in the ground truth"));
        return mismatches;
    }

    static void assertLeadsMatchTruth(ClickHouseHttp ch, GeneratedHistory history) {
        List<String> mismatches = leadMismatches(ch, history);
        assertThat(mismatches.subList(0, Math.min(20, mismatches.size())))
                .as(
                        "leads whose state differs from the ground truth (%d in all)",
                        mismatches.size())
                .isEmpty();
    }

    static void assertTransitionsMatchTruth(ClickHouseHttp ch, GeneratedHistory history) {
        assertThat(transitionMismatches(ch, history))
                .as("leads whose transitions differ from the ground truth")
                .isEmpty();
    }

    /** The history's leads have the truth's transitions; {@code others} may hold any. */
    static void assertTransitionsMatchTruthFor(
            ClickHouseHttp ch, GeneratedHistory history, Set<String> others) {
        Map<String, List<String>> actual = actualTransitions(ch);
        actual.keySet().removeAll(others);
        Map<String, List<String>> expected = expectedTransitions(history);
        assertThat(actual).as("transitions of the history's leads").isEqualTo(expected);
    }

    /** Leads whose transitions differ, one readable line each (at most 20). */
    static List<String> transitionMismatches(ClickHouseHttp ch, GeneratedHistory history) {
        Map<String, List<String>> actual = actualTransitions(ch);
        Map<String, List<String>> expected = expectedTransitions(history);
        Set<String> leads = new java.util.TreeSet<>(actual.keySet());
        leads.addAll(expected.keySet());
        return leads.stream()
                .filter(id -> !java.util.Objects.equals(actual.get(id), expected.get(id)))
                .limit(20)
                .map(id -> id + " expected " + expected.get(id) + " got " + actual.get(id))
                .toList();
    }

    /** Whether ClickHouse holds every lead and transition exactly as the truth says. */
    static boolean allMatch(ClickHouseHttp ch, GeneratedHistory history) {
        return leadMismatches(ch, history).isEmpty()
                && actualTransitions(ch).equals(expectedTransitions(history))
                && actualRejections(ch).equals(expectedRejections(history));
    }

    /** The refused status changes in {@code rejected_transitions} equal the truth's. */
    static void assertRejectionsMatchTruth(ClickHouseHttp ch, GeneratedHistory history) {
        Map<String, List<String>> expected = expectedRejections(history);
        assertThat(expected).as("the history exercises the transition policy").isNotEmpty();
        assertThat(actualRejections(ch)).isEqualTo(expected);
    }

    private static Map<String, List<String>> actualRejections(ClickHouseHttp ch) {
        Map<String, List<String>> actual = new TreeMap<>();
        for (JsonNode row :
                ch.query(
                        "SELECT lead_id, event_id, from_status, to_status,"
                                + " toUnixTimestamp(occurred_at) AS at, reason"
                                + " FROM rejected_transitions ORDER BY lead_id, at")) {
            assertThat(row.get("reason").asText()).contains("is not an allowed transition");
            actual.computeIfAbsent(row.get("lead_id").asText(), k -> new ArrayList<>())
                    .add(
                            String.join(
                                    "|",
                                    row.get("event_id").asText(),
                                    row.get("from_status").asText(),
                                    row.get("to_status").asText(),
                                    row.get("at").asText()));
        }
        return actual;
    }

    private static Map<String, List<String>> expectedRejections(GeneratedHistory history) {
        Map<String, List<String>> expected = new TreeMap<>();
        for (LeadTruth t : history.truth().leads().values()) {
            for (LeadRejection r : t.rejections()) {
                expected.computeIfAbsent(t.leadId(), k -> new ArrayList<>())
                        .add(
                                String.join(
                                        "|",
                                        r.eventId(),
                                        r.from(),
                                        r.to(),
                                        String.valueOf(r.occurredAt().getEpochSecond())));
            }
        }
        return expected;
    }

    private static Map<String, List<String>> actualTransitions(ClickHouseHttp ch) {
        Map<String, List<String>> actual = new HashMap<>();
        for (JsonNode row :
                ch.query(
                        "SELECT lead_id, seq, from_status, to_status,"
                                + " toUnixTimestamp(occurred_at) AS at, cycle, reason, implied"
                                + " FROM lead_transitions"
                                + " ORDER BY lead_id, seq")) {
            actual.computeIfAbsent(row.get("lead_id").asText(), k -> new ArrayList<>())
                    .add(
                            String.join(
                                    "|",
                                    row.get("seq").asText(),
                                    row.get("from_status").asText(),
                                    row.get("to_status").asText(),
                                    row.get("at").asText(),
                                    row.get("cycle").asText(),
                                    row.get("reason").asText(),
                                    row.get("implied").asText()));
        }
        return actual;
    }

    private static Map<String, List<String>> expectedTransitions(GeneratedHistory history) {
        Map<String, List<String>> expected = new HashMap<>();
        for (LeadTruth t : history.truth().leads().values()) {
            List<String> list = new ArrayList<>();
            for (LeadTransition tr : t.transitions()) {
                list.add(
                        String.join(
                                "|",
                                String.valueOf(tr.seq()),
                                tr.from() == null ? "" : tr.from(),
                                tr.to(),
                                String.valueOf(tr.occurredAt().getEpochSecond()),
                                String.valueOf(tr.cycle()),
                                tr.reason() == null ? "" : tr.reason(),
                                tr.implied() ? "1" : "0"));
            }
            expected.put(t.leadId(), list);
        }
        return expected;
    }

    static void assertDeadLettersMatch(ClickHouseHttp ch, DeliveryPlan plan, TopicRouting routing) {
        Map<String, String> expected = new HashMap<>();
        for (MalformedRecord m : plan.malformed()) {
            expected.put(Base64.getEncoder().encodeToString(m.value()), m.expectedReasonCode());
        }
        Map<String, String> actual = new HashMap<>();
        for (JsonNode row :
                ch.query("SELECT raw_base64, reason_code, reason, topic FROM dead_letters FINAL")) {
            actual.put(row.get("raw_base64").asText(), row.get("reason_code").asText());
            assertThat(row.get("reason").asText()).isNotBlank();
            assertThat(row.get("topic").asText())
                    .isIn(routing.leadsTopic(), routing.activitiesTopic());
        }
        assertThat(actual).isEqualTo(expected);
    }

    static void assertDeadLetterTopicHoldsEveryRejectedRecord(
            KafkaServer kafka, String dlqTopic, DeliveryPlan plan) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-check-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Set<String> expected = new HashSet<>();
        plan.malformed()
                .forEach(m -> expected.add(new String(m.value(), StandardCharsets.ISO_8859_1)));
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(dlqTopic));
            Instant deadline = Instant.now().plusSeconds(30);
            while (seen.size() < expected.size() && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    seen.add(new String(r.value(), StandardCharsets.ISO_8859_1));
                    assertThat(r.headers().lastHeader("leadflow.reason-code")).isNotNull();
                }
            }
        }
        assertThat(seen).isEqualTo(expected);
    }

    /**
     * The funnel views against the truth: entries per day and stage ({@code funnel_daily}), and
     * monthly cohorts per source with leads and stages ever reached ({@code funnel_cohort}).
     */
    static void assertFunnelViewsMatchTruth(ClickHouseHttp ch, GeneratedHistory history) {
        Map<String, String> sourceOf = new HashMap<>();
        history.events().stream()
                .filter(e -> LeadEvent.LEAD_CREATED.equals(e.type()))
                .forEach(e -> sourceOf.put(e.leadId(), e.payload().path("leadSource").asText("")));

        Map<String, Long> expectedDaily = new TreeMap<>();
        Map<String, Long> expectedCohort = new TreeMap<>();
        Map<String, Long> expectedLeads = new TreeMap<>();
        for (LeadTruth t : history.truth().leads().values()) {
            String month =
                    LocalDate.ofInstant(t.createdAt(), ZoneOffset.UTC).withDayOfMonth(1).toString();
            String source = sourceOf.get(t.leadId());
            expectedLeads.merge(month + "|" + source, 1L, Long::sum);
            Set<String> reached = new HashSet<>();
            for (LeadTransition tr : t.transitions()) {
                String day = LocalDate.ofInstant(tr.occurredAt(), ZoneOffset.UTC).toString();
                expectedDaily.merge(day + "|" + tr.to(), 1L, Long::sum);
                reached.add(tr.to());
            }
            reached.forEach(
                    stage ->
                            expectedCohort.merge(
                                    month + "|" + source + "|" + stage, 1L, Long::sum));
        }

        Map<String, Long> daily = new TreeMap<>();
        for (JsonNode r :
                ch.query(
                        "SELECT toString(day) AS d, stage, sum(entered) AS n FROM funnel_daily"
                                + " GROUP BY d, stage HAVING n > 0")) {
            daily.put(r.get("d").asText() + "|" + r.get("stage").asText(), r.get("n").asLong());
        }
        assertThat(daily).as("funnel_daily entries per day and stage").isEqualTo(expectedDaily);

        Map<String, Long> cohort = new TreeMap<>();
        Map<String, Long> leads = new TreeMap<>();
        for (JsonNode r :
                ch.query(
                        "SELECT toString(cohort_start) AS m, lead_source, stage,"
                                + " sum(reached_ever) AS n FROM funnel_cohort WHERE grain = 'month'"
                                + " GROUP BY m, lead_source, stage HAVING n > 0")) {
            cohort.put(
                    r.get("m").asText()
                            + "|"
                            + r.get("lead_source").asText()
                            + "|"
                            + r.get("stage").asText(),
                    r.get("n").asLong());
        }
        for (JsonNode r :
                ch.query(
                        "SELECT m, lead_source, sum(l) AS n FROM (SELECT toString(cohort_start) AS m,"
                                + " lead_source, campaign, any(leads) AS l FROM funnel_cohort"
                                + " WHERE grain = 'month' GROUP BY m, lead_source, campaign)"
                                + " GROUP BY m, lead_source")) {
            leads.put(
                    r.get("m").asText() + "|" + r.get("lead_source").asText(), r.get("n").asLong());
        }
        assertThat(cohort).as("funnel_cohort stages ever reached").isEqualTo(expectedCohort);
        assertThat(leads).as("funnel_cohort cohort sizes").isEqualTo(expectedLeads);
    }

    /**
     * {@code funnel_cohort_windows} after the windows are set to {@code days}: per month cohort,
     * source, stage and window, the leads that first entered the stage within the window.
     */
    static void assertConversionWindowsMatchTruth(
            ClickHouseHttp ch, GeneratedHistory history, List<Integer> days) {
        new ConversionWindowsTable(ch).sync(days);
        Map<String, String> sourceOf = new HashMap<>();
        history.events().stream()
                .filter(e -> LeadEvent.LEAD_CREATED.equals(e.type()))
                .forEach(e -> sourceOf.put(e.leadId(), e.payload().path("leadSource").asText("")));
        Map<String, Long> expected = new TreeMap<>();
        for (LeadTruth t : history.truth().leads().values()) {
            String month =
                    LocalDate.ofInstant(t.createdAt(), ZoneOffset.UTC).withDayOfMonth(1).toString();
            Map<String, Instant> firstReached = new HashMap<>();
            for (LeadTransition tr : t.transitions()) {
                firstReached.putIfAbsent(tr.to(), tr.occurredAt());
            }
            for (Map.Entry<String, Instant> e : firstReached.entrySet()) {
                Duration after = Duration.between(t.createdAt(), e.getValue());
                for (int window : days) {
                    if (after.compareTo(Duration.ofDays(window)) <= 0) {
                        expected.merge(
                                month
                                        + "|"
                                        + sourceOf.get(t.leadId())
                                        + "|"
                                        + e.getKey()
                                        + "|"
                                        + window,
                                1L,
                                Long::sum);
                    }
                }
            }
        }
        Map<String, Long> actual = new TreeMap<>();
        for (JsonNode r :
                ch.query(
                        "SELECT toString(cohort_start) AS m, lead_source, stage, window_days,"
                                + " sum(reached_within) AS n FROM funnel_cohort_windows"
                                + " WHERE grain = 'month'"
                                + " GROUP BY m, lead_source, stage, window_days HAVING n > 0")) {
            actual.put(
                    String.join(
                            "|",
                            r.get("m").asText(),
                            r.get("lead_source").asText(),
                            r.get("stage").asText(),
                            r.get("window_days").asText()),
                    r.get("n").asLong());
        }
        assertThat(actual).as("funnel_cohort_windows for windows %s", days).isEqualTo(expected);
        assertThat(ch.queryLong("SELECT uniqExact(window_days) FROM funnel_cohort_windows"))
                .isEqualTo(days.size());
    }

    /**
     * {@code speed_to_lead} by source: the leads sales owes a response (their first entry into
     * INQUIRY..OPPORTUNITY), how many got an outbound attempt after it, and how many within 24
     * hours of it, from the truth's transitions and the generated activities.
     */
    static void assertSpeedToLeadMatchesTruth(ClickHouseHttp ch, GeneratedHistory history) {
        Map<String, String> sourceOf = new HashMap<>();
        Map<String, List<Instant>> attemptsOf = new HashMap<>();
        for (LeadEvent e : history.events()) {
            if (LeadEvent.LEAD_CREATED.equals(e.type())) {
                sourceOf.put(e.leadId(), e.payload().path("leadSource").asText(""));
            } else if (LeadEvent.ACTIVITY.equals(e.type())
                    && "outbound".equals(e.payload().path("direction").asText())
                    && Set.of("call", "email_sent", "meeting", "sms")
                            .contains(e.payload().path("kind").asText())) {
                attemptsOf.computeIfAbsent(e.leadId(), k -> new ArrayList<>()).add(e.occurredAt());
            }
        }
        Set<String> open = Set.of("INQUIRY", "MQL", "SAL", "SQL", "OPPORTUNITY");
        Map<String, String> expected = new TreeMap<>();
        Map<String, long[]> counts = new TreeMap<>();
        long notOwed = 0;
        for (LeadTruth t : history.truth().leads().values()) {
            Instant start =
                    t.transitions().stream()
                            .filter(tr -> open.contains(tr.to()))
                            .map(LeadTransition::occurredAt)
                            .findFirst()
                            .orElse(null);
            if (start == null) {
                notOwed++;
                continue;
            }
            Instant response =
                    attemptsOf.getOrDefault(t.leadId(), List.of()).stream()
                            .filter(at -> !at.isBefore(start))
                            .min(Instant::compareTo)
                            .orElse(null);
            long[] c = counts.computeIfAbsent(sourceOf.get(t.leadId()), k -> new long[3]);
            c[0]++;
            if (response != null) {
                c[1]++;
                if (Duration.between(start, response).toSeconds() <= 86_400) {
                    c[2]++;
                }
            }
        }
        counts.forEach((k, c) -> expected.put(k, c[0] + "|" + c[1] + "|" + c[2]));
        Map<String, String> actual = new TreeMap<>();
        for (JsonNode r :
                ch.query(
                        "SELECT value, leads, contacted, never_contacted, contacted_within_24h"
                                + " FROM speed_to_lead WHERE dimension = 'source'")) {
            assertThat(r.get("contacted").asLong() + r.get("never_contacted").asLong())
                    .isEqualTo(r.get("leads").asLong());
            actual.put(
                    r.get("value").asText(),
                    r.get("leads").asText()
                            + "|"
                            + r.get("contacted").asText()
                            + "|"
                            + r.get("contacted_within_24h").asText());
        }
        assertThat(actual).as("speed_to_lead by source").isEqualTo(expected);
        assertThat(counts.values().stream().mapToLong(c -> c[0] - c[1]).sum())
                .as("the history has never-contacted leads")
                .isPositive();
        assertThat(notOwed).as("the history has leads sales owes no response").isPositive();
    }

    /**
     * {@code untouched_leads}: every lead in a status where sales owes an action (INQUIRY to
     * OPPORTUNITY), per owner, and no other.
     */
    static void assertUntouchedLeadsMatchTruth(ClickHouseHttp ch, GeneratedHistory history) {
        Map<String, Long> expected = new TreeMap<>();
        for (LeadTruth t : history.truth().leads().values()) {
            if (Set.of("INQUIRY", "MQL", "SAL", "SQL", "OPPORTUNITY").contains(t.status())) {
                expected.merge(t.owner() == null ? "" : t.owner(), 1L, Long::sum);
            }
        }
        Map<String, Long> actual = new TreeMap<>();
        for (JsonNode r :
                ch.query(
                        "SELECT owner, count() AS n, min(days_untouched) AS fewest FROM"
                                + " untouched_leads GROUP BY owner")) {
            actual.put(r.get("owner").asText(), r.get("n").asLong());
            assertThat(r.get("fewest").asLong()).isNotNegative();
        }
        assertThat(actual).as("untouched_leads per owner").isEqualTo(expected);
    }

    /** {@code source_metrics}: spend per month and source equals the generated cost reports. */
    static void assertSourceMetricsMatchTruth(ClickHouseHttp ch, GeneratedHistory history) {
        Map<String, Long> expectedCents = new TreeMap<>();
        history.events().stream()
                .filter(e -> LeadEvent.CAMPAIGN_COST.equals(e.type()))
                .forEach(
                        e ->
                                expectedCents.merge(
                                        e.payload().path("day").asText().substring(0, 7)
                                                + "|"
                                                + e.payload().path("leadSource").asText(),
                                        Math.round(e.payload().path("amount").asDouble() * 100),
                                        Long::sum));
        Map<String, Long> actualCents = new TreeMap<>();
        for (JsonNode r :
                ch.query(
                        "SELECT substring(toString(month), 1, 7) AS m, lead_source,"
                                + " round(sum(spend) * 100) AS cents FROM source_metrics"
                                + " WHERE spend > 0 AND attribution = 'first_touch'"
                                + " GROUP BY m, lead_source")) {
            actualCents.put(
                    r.get("m").asText() + "|" + r.get("lead_source").asText(),
                    r.get("cents").asLong());
        }
        assertThat(actualCents.keySet()).isEqualTo(expectedCents.keySet());
        actualCents.forEach(
                (k, v) -> assertThat(v).as(k).isCloseTo(expectedCents.get(k), within(2L)));
    }

    /**
     * {@code reengagement}: entries into NURTURE/RECYCLED and how many came back into the funnel at
     * MQL or beyond.
     */
    static void assertReengagementMatchesTruth(ClickHouseHttp ch, GeneratedHistory history) {
        Map<String, Long> expected = new TreeMap<>();
        for (LeadTruth t : history.truth().leads().values()) {
            List<LeadTransition> ts = t.transitions();
            for (int i = 0; i < ts.size(); i++) {
                String side = ts.get(i).to();
                if (!side.equals("NURTURE") && !side.equals("RECYCLED")) {
                    continue;
                }
                expected.merge(side + "|entries", 1L, Long::sum);
                boolean back =
                        ts.subList(i + 1, ts.size()).stream()
                                .anyMatch(
                                        x ->
                                                Set.of("MQL", "SAL", "SQL", "OPPORTUNITY", "WON")
                                                        .contains(x.to()));
                expected.merge(side + "|back_to_mql", back ? 1L : 0L, Long::sum);
            }
        }
        Map<String, Long> actual = new TreeMap<>();
        for (JsonNode r :
                ch.query(
                        "SELECT side_status, sum(entries) AS e, sum(back_to_mql) AS b"
                                + " FROM reengagement GROUP BY side_status")) {
            actual.put(r.get("side_status").asText() + "|entries", r.get("e").asLong());
            actual.put(r.get("side_status").asText() + "|back_to_mql", r.get("b").asLong());
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(expected.get("RECYCLED|back_to_mql"))
                .as("the data has re-engaged leads")
                .isPositive();
    }
}
