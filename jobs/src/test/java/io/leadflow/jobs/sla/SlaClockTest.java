package io.leadflow.jobs.sla;

import io.leadflow.jobs.lifecycle.EventOrder;
import io.leadflow.jobs.lifecycle.LeadLifecycle;
import io.leadflow.schema.event.LeadEvent;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.leadflow.jobs.testing.Events.assigned;
import static io.leadflow.jobs.testing.Events.created;
import static io.leadflow.jobs.testing.Events.inbound;
import static io.leadflow.jobs.testing.Events.outbound;
import static io.leadflow.jobs.testing.Events.status;
import static org.assertj.core.api.Assertions.assertThat;

class SlaClockTest {

    private static final List<SlaPolicy> POLICIES =
            SlaPolicies.parse(
                    """
                    {"policies": [
                      {"name": "mql-15m", "leads": {"statuses": ["MQL"]}, "start": "became_mql",
                       "stop": "first_attempt", "deadline": "15m", "warnAt": 0.8},
                      {"name": "accept-24h", "start": "assigned", "stop": "status:SAL",
                       "deadline": "24h"},
                      {"name": "google-only", "leads": {"sources": ["bing"]}, "start": "created",
                       "stop": "connect", "deadline": "1h"},
                      {"name": "hot-mql", "leads": {"minScore": 60}, "start": "became_mql",
                       "stop": "first_attempt", "deadline": "5m"}
                    ]}
                    """,
                    "test");

    private static SlaClock clock(String policy, List<LeadEvent> events) {
        return clock(policy, events, null);
    }

    private static SlaClock clock(String policy, List<LeadEvent> events, Double score) {
        List<LeadEvent> sorted = new ArrayList<>(events);
        sorted.sort(EventOrder.COMPARATOR);
        var d = LeadLifecycle.derive("L1", sorted);
        return SlaClock.of(
                POLICIES.stream().filter(p -> p.name().equals(policy)).findFirst().orElseThrow(),
                d.lead(),
                d.transitions(),
                score);
    }

    @Test
    void aScoreFilterCoversLeadsAtOrAboveItsScoreAndNoneWithoutScores() {
        List<LeadEvent> events = new ArrayList<>();
        events.add(created("L1", "2026-01-01T00:00:00Z", "web_form"));
        events.add(status("L1", "2026-01-01T00:10:00Z", "MQL", null));
        assertThat(clock("hot-mql", events, 60.0)).as("at the minimum").isNotNull();
        assertThat(clock("hot-mql", events, 59.99)).as("just below").isNull();
        assertThat(clock("hot-mql", events, null)).as("no scoring").isNull();
        assertThat(clock("mql-15m", events, null)).as("no score filter").isNotNull();
    }

    @Test
    void theClockStartsAtTheStartEventAndStopsAtTheFirstAttempt() {
        List<LeadEvent> events = new ArrayList<>();
        events.add(created("L1", "2026-01-01T00:00:00Z", "web_form"));
        assertThat(clock("mql-15m", events)).as("not MQL yet: no clock").isNull();

        events.add(status("L1", "2026-01-01T10:00:00Z", "MQL", null));
        events.add(inbound("L1", "2026-01-01T10:05:00Z", "page_view"));
        SlaClock open = clock("mql-15m", events);
        assertThat(open.startedAt()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThat(open.warnAt()).isEqualTo(Instant.parse("2026-01-01T10:12:00Z"));
        assertThat(open.dueAt()).isEqualTo(Instant.parse("2026-01-01T10:15:00Z"));
        assertThat(open.stoppedAt()).as("inbound activity is not contact").isNull();
        assertThat(open.breachedAt(Instant.parse("2026-01-01T10:14:59Z"))).isFalse();
        assertThat(open.breachedAt(Instant.parse("2026-01-01T10:15:01Z"))).isTrue();

        events.add(outbound("L1", "2026-01-01T10:20:00Z", "call", "no_answer"));
        events.add(status("L1", "2026-01-01T11:00:00Z", "SAL", null));
        SlaClock stopped = clock("mql-15m", events);
        assertThat(stopped).as("the lead moved on, its MQL clock stays").isNotNull();
        assertThat(stopped.stoppedAt()).isEqualTo(Instant.parse("2026-01-01T10:20:00Z"));
        assertThat(stopped.breachedAt(Instant.parse("2026-02-01T00:00:00Z")))
                .as("contacted 5 minutes late")
                .isTrue();
        assertThat(stopped.openAt(Instant.parse("2026-02-01T00:00:00Z"))).isFalse();
    }

    @Test
    void aStatusStopAndTheLeadFilters() {
        List<LeadEvent> events =
                List.of(
                        created("L1", "2026-01-01T00:00:00Z", "web_form"),
                        assigned("L1", "2026-01-01T01:00:00Z", "rep-1"),
                        status("L1", "2026-01-01T20:00:00Z", "SAL", null));
        SlaClock accept = clock("accept-24h", events);
        assertThat(accept.startedAt()).isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));
        assertThat(accept.stoppedAt()).isEqualTo(Instant.parse("2026-01-01T20:00:00Z"));
        assertThat(accept.breachedAt(Instant.parse("2026-03-01T00:00:00Z"))).isFalse();
        assertThat(clock("google-only", events)).as("the lead came from google_ads").isNull();
    }
}
