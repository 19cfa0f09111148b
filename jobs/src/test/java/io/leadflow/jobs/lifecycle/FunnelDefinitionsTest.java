package io.leadflow.jobs.lifecycle;

import io.leadflow.schema.event.LeadEvent;
import io.leadflow.schema.event.LeadStatus;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.leadflow.jobs.testing.Events.created;
import static io.leadflow.jobs.testing.Events.createdAs;
import static io.leadflow.jobs.testing.Events.inbound;
import static io.leadflow.jobs.testing.Events.millis;
import static io.leadflow.jobs.testing.Events.opportunity;
import static io.leadflow.jobs.testing.Events.outbound;
import static io.leadflow.jobs.testing.Events.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The funnel definitions issue 12 fixed, one test each (every one failed on the code before it):
 * what an analyst reading the figure's name would compute.
 */
class FunnelDefinitionsTest {

    private static LeadLifecycle.Derivation derive(List<LeadEvent> events) {
        List<LeadEvent> sorted = new ArrayList<>(events);
        sorted.sort(EventOrder.COMPARATOR);
        return LeadLifecycle.derive("L1", sorted);
    }

    private static List<String> moves(LeadLifecycle.Derivation d) {
        return d.transitions().stream()
                .map(
                        t ->
                                t.cycle()
                                        + ":"
                                        + t.fromStatus()
                                        + ">"
                                        + t.toStatus()
                                        + (t.implied() ? "*" : ""))
                .toList();
    }

    @Test
    void lostIsAnExitThatImpliesNoStageAndNoQualification() {
        var d =
                derive(
                        List.of(
                                created("L1", "2026-01-01T00:00:00Z", "web_form"),
                                opportunity("L1", "2026-01-02T00:00:00Z", "lost", null)));
        assertThat(moves(d)).containsExactly("1:>INQUIRY", "1:INQUIRY>LOST");
        assertThat(d.lead().qualifiedAt()).as("a loss is not a qualification").isNull();
        assertThat(FunnelStage.rank(LeadStatus.LOST)).isEqualTo(-1);
    }

    @Test
    void aWinImpliesTheOpportunityBeforeIt() {
        var d =
                derive(
                        List.of(
                                created("L1", "2026-01-01T00:00:00Z", "web_form"),
                                status("L1", "2026-01-02T00:00:00Z", "SQL", null),
                                opportunity("L1", "2026-01-05T00:00:00Z", "won", 900.0)));
        assertThat(moves(d))
                .containsExactly(
                        "1:>INQUIRY",
                        "1:INQUIRY>MQL*",
                        "1:MQL>SAL*",
                        "1:SAL>SQL",
                        "1:SQL>OPPORTUNITY*",
                        "1:OPPORTUNITY>WON");
        Transition win = d.transitions().get(5);
        assertThat(win.amount()).isEqualTo(900.0);
        assertThat(win.currency()).isEqualTo("EUR");
    }

    @Test
    void reachIsCumulativeFromInquiryButNeverImpliesProspect() {
        var mql = derive(List.of(createdAs("L1", "2026-01-01T00:00:00Z", "MQL")));
        assertThat(moves(mql)).containsExactly("1:>INQUIRY*", "1:INQUIRY>MQL");
        assertThat(mql.lead().qualifiedAt()).isEqualTo(millis("2026-01-01T00:00:00Z"));
        var imported =
                derive(
                        List.of(
                                created("L1", "2026-01-01T00:00:00Z", "list_import"),
                                status("L1", "2026-01-03T00:00:00Z", "SAL", null)));
        assertThat(moves(imported))
                .containsExactly(
                        "1:>PROSPECT", "1:PROSPECT>INQUIRY*", "1:INQUIRY>MQL*", "1:MQL>SAL");
    }

    @Test
    void reEntryFromNurtureOrDisqualifiedStartsANewCycle() {
        var d =
                derive(
                        List.of(
                                created("L1", "2026-01-01T00:00:00Z", "web_form"),
                                status("L1", "2026-01-02T00:00:00Z", "DISQUALIFIED", "student"),
                                status("L1", "2026-02-01T00:00:00Z", "MQL", null),
                                status("L1", "2026-02-02T00:00:00Z", "NURTURE", "later"),
                                status("L1", "2026-03-01T00:00:00Z", "INQUIRY", null)));
        assertThat(moves(d))
                .containsExactly(
                        "1:>INQUIRY",
                        "1:INQUIRY>DISQUALIFIED",
                        "2:DISQUALIFIED>INQUIRY*",
                        "2:INQUIRY>MQL",
                        "2:MQL>NURTURE",
                        "3:NURTURE>INQUIRY");
        assertThat(d.lead().cycleStartedAt()).isEqualTo(millis("2026-03-01T00:00:00Z"));
    }

    @Test
    void theResponseClockStartsWhenSalesOwesAnActionAndRepliesBeforeMqlDoNotCount() {
        var d =
                derive(
                        List.of(
                                created("L1", "2026-01-01T00:00:00Z", "list_import"),
                                outbound("L1", "2026-01-01T01:00:00Z", "email_sent", "sent"),
                                status("L1", "2026-01-02T00:00:00Z", "INQUIRY", null),
                                outbound("L1", "2026-01-02T00:10:00Z", "call", "no_answer"),
                                status("L1", "2026-01-03T00:00:00Z", "MQL", null),
                                outbound("L1", "2026-01-03T02:00:00Z", "call", "connected")));
        LeadSnapshot lead = d.lead();
        assertThat(lead.responseStartedAt()).isEqualTo(millis("2026-01-02T00:00:00Z"));
        assertThat(lead.firstResponseAt())
                .as("the e-mail to the purchased list was no response to anybody")
                .isEqualTo(millis("2026-01-02T00:10:00Z"));
        assertThat(lead.firstAttemptAfterQualifiedAt())
                .as("an attempt before MQL is not an instant reply from MQL")
                .isEqualTo(millis("2026-01-03T02:00:00Z"));
        assertThat(lead.firstAttemptAt()).isEqualTo(millis("2026-01-01T01:00:00Z"));
    }

    @Test
    void anImportedProspectDisqualifiedBeforeEngagingIsOwedNoResponse() {
        var d =
                derive(
                        List.of(
                                created("L1", "2026-01-01T00:00:00Z", "list_import"),
                                status("L1", "2026-01-01T00:05:00Z", "DISQUALIFIED", "invalid")));
        assertThat(d.lead().responseStartedAt()).isNull();
    }

    @Test
    void onlyASalesTouchResetsTheUntouchedClock() {
        var d =
                derive(
                        List.of(
                                created("L1", "2026-01-01T00:00:00Z", "web_form"),
                                outbound("L1", "2026-01-02T00:00:00Z", "call", "no_answer"),
                                inbound("L1", "2026-01-05T00:00:00Z", "page_view")));
        assertThat(d.lead().lastSalesTouchAt()).isEqualTo(millis("2026-01-02T00:00:00Z"));
        assertThat(d.lead().lastActivityAt()).isEqualTo(millis("2026-01-05T00:00:00Z"));
        assertThat(FunnelStage.isOpen("OPPORTUNITY")).isTrue();
        assertThat(FunnelStage.isOpen("NURTURE")).isFalse();
        assertThat(FunnelStage.isOpen("PROSPECT")).isFalse();
    }
}
