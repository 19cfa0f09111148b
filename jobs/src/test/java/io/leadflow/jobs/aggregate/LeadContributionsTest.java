package io.leadflow.jobs.aggregate;

import io.leadflow.jobs.lifecycle.EventOrder;
import io.leadflow.jobs.lifecycle.LeadLifecycle;
import io.leadflow.schema.event.LeadEvent;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.leadflow.jobs.testing.Events.assigned;
import static io.leadflow.jobs.testing.Events.created;
import static io.leadflow.jobs.testing.Events.opportunity;
import static io.leadflow.jobs.testing.Events.outbound;
import static io.leadflow.jobs.testing.Events.status;
import static org.assertj.core.api.Assertions.assertThat;

class LeadContributionsTest {

    private static Map<AggregateKey, Measures> of(List<LeadEvent> events) {
        List<LeadEvent> sorted = new ArrayList<>(events);
        sorted.sort(EventOrder.COMPARATOR);
        return LeadContributions.of(LeadLifecycle.derive("L1", sorted));
    }

    /** Counter {@code counter} of aggregate {@code a}, per row (dimensions joined by |). */
    private static Map<String, Long> counter(
            Map<AggregateKey, Measures> contributions, Aggregate a, String counter) {
        Map<String, Long> values = new TreeMap<>();
        contributions.forEach(
                (k, m) -> {
                    long v = k.aggregate() == a ? m.counters()[a.counter(counter)] : 0;
                    if (v != 0) {
                        values.merge(String.join("|", k.dimensions()), v, Long::sum);
                    }
                });
        return values;
    }

    private static final List<LeadEvent> JOURNEY =
            List.of(
                    created("L1", "2026-01-01T00:00:00Z", "web_form"),
                    status("L1", "2026-01-02T00:00:00Z", "SQL", null),
                    status("L1", "2026-01-03T00:00:00Z", "MQL", "sent back"),
                    status("L1", "2026-01-04T00:00:00Z", "NURTURE", "not ready"),
                    status("L1", "2026-02-01T00:00:00Z", "SQL", null),
                    opportunity("L1", "2026-02-03T00:00:00Z", "created", 500.0),
                    opportunity("L1", "2026-03-01T00:00:00Z", "won", 750.0),
                    status("L1", "2026-06-01T00:00:00Z", "RECYCLED", "renewal"));

    @Test
    void flowsBalancePerStage() {
        Map<AggregateKey, Measures> c = of(JOURNEY);
        Map<String, Long> balance = new TreeMap<>();
        counter(c, Aggregate.FUNNEL_FLOW, "entered")
                .forEach(
                        (k, v) -> balance.merge(k.substring(k.lastIndexOf('|') + 1), v, Long::sum));
        counter(c, Aggregate.FUNNEL_FLOW, "exited")
                .forEach(
                        (k, v) ->
                                balance.merge(k.substring(k.lastIndexOf('|') + 1), -v, Long::sum));
        balance.values().removeIf(v -> v == 0);
        assertThat(balance)
                .as("entered - exited, summed over days")
                .containsExactly(Map.entry("RECYCLED", 1L));
        long exits =
                List.of(
                                "advanced",
                                "moved_back",
                                "lost",
                                "disqualified",
                                "nurtured",
                                "recycled",
                                "reentered")
                        .stream()
                        .mapToLong(
                                kind ->
                                        counter(c, Aggregate.FUNNEL_FLOW, kind).values().stream()
                                                .mapToLong(Long::longValue)
                                                .sum())
                        .sum();
        assertThat(exits)
                .isEqualTo(
                        counter(c, Aggregate.FUNNEL_FLOW, "exited").values().stream()
                                .mapToLong(Long::longValue)
                                .sum());
    }

    @Test
    void aLossIsALossNotAnAdvance() {
        assertThat(LeadContributions.exitKind("SQL", "LOST")).isEqualTo("lost");
        assertThat(LeadContributions.exitKind("OPPORTUNITY", "LOST")).isEqualTo("lost");
        assertThat(LeadContributions.exitKind("OPPORTUNITY", "WON")).isEqualTo("advanced");
        assertThat(LeadContributions.exitKind("SQL", "MQL")).isEqualTo("moved_back");
        assertThat(LeadContributions.exitKind("NURTURE", "SQL")).isEqualTo("reentered");
    }

    @Test
    void winsCountWhenTheyHappenedPerCurrencyEvenAfterARecycle() {
        Map<AggregateKey, Measures> c = of(JOURNEY);
        assertThat(counter(c, Aggregate.SOURCE_METRICS, "won"))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "2026-03-01|first_touch|google_ads||EUR", 1L,
                                "2026-03-01|last_touch|google_ads||EUR", 1L));
        assertThat(counter(c, Aggregate.SOURCE_METRICS, "won_amount_milli"))
                .containsEntry("2026-03-01|first_touch|google_ads||EUR", 750_000L);
        assertThat(counter(c, Aggregate.SOURCE_METRICS, "pipeline_amount_milli"))
                .containsEntry("2026-02-01|first_touch|google_ads||EUR", 500_000L);
        assertThat(counter(c, Aggregate.SOURCE_METRICS, "leads"))
                .containsEntry("2026-01-01|first_touch|google_ads||", 1L);
    }

    @Test
    void cohortReachIsCumulativeAndCyclesAreCohortsOfTheirOwn() {
        Map<AggregateKey, Measures> c = of(JOURNEY);
        Map<String, Long> members = counter(c, Aggregate.COHORT_REACH, "members");
        assertThat(members)
                .containsEntry("lead|2026-01-01|google_ads|||0", 1L)
                .containsEntry("lead|2026-01-01|google_ads||MQL|1", 1L)
                .containsEntry("lead|2026-01-01|google_ads||SAL|1", 1L)
                .containsEntry("lead|2026-01-01|google_ads||WON|59", 1L)
                .containsEntry("cycle|2026-02-01|google_ads|||0", 1L)
                .containsEntry("cycle|2026-02-01|google_ads||INQUIRY|0", 1L)
                .containsEntry("cycle|2026-02-01|google_ads||WON|28", 1L);
        assertThat(members).doesNotContainKey("first_cycle|2026-01-01|google_ads||WON|59");
    }

    @Test
    void velocityRunsToTheNextRealMoveAndTheCurrentStayIsOpen() {
        Map<AggregateKey, Measures> c = of(JOURNEY);
        Map<String, Long> moves = counter(c, Aggregate.STAGE_VELOCITY, "moves");
        assertThat(moves)
                .containsEntry("2026-01-01|google_ads|INQUIRY|SQL", 1L)
                .doesNotContainKey("2026-01-01|google_ads|INQUIRY|MQL");
        assertThat(counter(c, Aggregate.STAGE_VELOCITY, "seconds_sum"))
                .containsEntry("2026-01-01|google_ads|INQUIRY|SQL", 86_400L);
        assertThat(counter(c, Aggregate.STAGE_OPEN, "leads"))
                .containsExactly(Map.entry("2026-06-01|google_ads|RECYCLED", 1L));
    }

    @Test
    void speedToLeadCountsOnlyLeadsSalesOwesAResponse() {
        Map<AggregateKey, Measures> listImport =
                of(
                        List.of(
                                created("L1", "2026-01-01T00:00:00Z", "list_import"),
                                outbound("L1", "2026-01-01T00:01:00Z", "email_sent", "sent")));
        assertThat(counter(listImport, Aggregate.SPEED_TO_LEAD, "leads")).isEmpty();
        Map<AggregateKey, Measures> web =
                of(
                        List.of(
                                created("L1", "2026-01-01T10:00:00Z", "web_form"),
                                assigned("L1", "2026-01-01T10:01:00Z", "rep-7"),
                                outbound("L1", "2026-01-01T10:03:00Z", "call", "connected"),
                                assigned("L1", "2026-01-02T10:00:00Z", "rep-9")));
        assertThat(counter(web, Aggregate.SPEED_TO_LEAD, "contacted_within_5m"))
                .containsExactly(
                        Map.entry("2026-01-01|google_ads|rep-7|team-east|web_form|10", 1L));
    }
}
