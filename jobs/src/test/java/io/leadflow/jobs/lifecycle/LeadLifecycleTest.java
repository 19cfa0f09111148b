package io.leadflow.jobs.lifecycle;

import io.leadflow.schema.event.LeadEvent;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.leadflow.jobs.testing.Events.assigned;
import static io.leadflow.jobs.testing.Events.created;
import static io.leadflow.jobs.testing.Events.inbound;
import static io.leadflow.jobs.testing.Events.millis;
import static io.leadflow.jobs.testing.Events.opportunity;
import static io.leadflow.jobs.testing.Events.outbound;
import static io.leadflow.jobs.testing.Events.status;
import static io.leadflow.jobs.testing.Events.touch;
import static org.assertj.core.api.Assertions.assertThat;

class LeadLifecycleTest {

    private static final TransitionPolicy POLICY = TransitionPolicy.defaults();

    private static LeadLifecycle.Derivation derive(List<LeadEvent> events) {
        List<LeadEvent> sorted = new ArrayList<>(events);
        sorted.sort(EventOrder.COMPARATOR);
        return LeadLifecycle.derive("L1", sorted);
    }

    @Test
    void creationSetsInitialStatusAndListImportsStartAsProspects() {
        assertThat(
                        derive(List.of(created("L1", "2026-01-01T00:00:00Z", "web_form")))
                                .lead()
                                .status())
                .isEqualTo("INQUIRY");
        var imported = derive(List.of(created("L1", "2026-01-01T00:00:00Z", "list_import")));
        assertThat(imported.lead().status()).isEqualTo("PROSPECT");
        assertThat(imported.transitions())
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.fromStatus()).isEmpty();
                            assertThat(t.toStatus()).isEqualTo("PROSPECT");
                            assertThat(t.cycle()).isEqualTo(1);
                        });
    }

    @Test
    void statusChangesBecomeTransitionsAndRepeatsAreIgnored() {
        var d =
                derive(
                        List.of(
                                created("L1", "2026-01-01T00:00:00Z", "web_form"),
                                status("L1", "2026-01-02T00:00:00Z", "MQL", null),
                                status("L1", "2026-01-02T01:00:00Z", "MQL", null),
                                status("L1", "2026-01-03T00:00:00Z", "DISQUALIFIED", "no budget")));
        assertThat(d.transitions())
                .extracting(Transition::toStatus)
                .containsExactly("INQUIRY", "MQL", "DISQUALIFIED");
        assertThat(d.transitions()).extracting(Transition::seq).containsExactly(0, 1, 2);
        assertThat(d.lead().status()).isEqualTo("DISQUALIFIED");
        assertThat(d.lead().statusReason()).isEqualTo("no budget");
        assertThat(d.lead().statusChangedAt()).isEqualTo(millis("2026-01-03T00:00:00Z"));
        assertThat(d.lead().eventsApplied()).isEqualTo(4);
    }

    @Test
    void leavingRecycledStartsANewCycle() {
        var d =
                derive(
                        List.of(
                                created("L1", "2026-01-01T00:00:00Z", "web_form"),
                                status("L1", "2026-01-02T00:00:00Z", "SAL", null),
                                status("L1", "2026-01-03T00:00:00Z", "RECYCLED", "not now"),
                                status("L1", "2026-03-01T00:00:00Z", "MQL", null)));
        assertThat(d.lead().cycle()).isEqualTo(2);
        assertThat(d.transitions())
                .as(
                        "INQUIRY -> SAL passes MQL (implied), RECYCLED -> MQL opens cycle 2,"
                                + " which has reached INQUIRY (implied) too")
                .extracting(Transition::cycle)
                .containsExactly(1, 1, 1, 1, 2, 2);
    }

    @Test
    void opportunitiesDriveOpportunityWonAndLost() {
        var d =
                derive(
                        List.of(
                                created("L1", "2026-01-01T00:00:00Z", "web_form"),
                                opportunity("L1", "2026-01-05T00:00:00Z", "created", 5000.0),
                                opportunity("L1", "2026-01-06T00:00:00Z", "stage_changed", null),
                                opportunity("L1", "2026-02-01T00:00:00Z", "won", 6000.0)));
        assertThat(d.transitions())
                .filteredOn(t -> !t.implied())
                .extracting(Transition::toStatus)
                .containsExactly("INQUIRY", "OPPORTUNITY", "WON");
        assertThat(d.transitions())
                .filteredOn(Transition::implied)
                .extracting(Transition::toStatus)
                .containsExactly("MQL", "SAL", "SQL");
        assertThat(d.lead().opportunityAmount()).isEqualTo(6000.0);
        assertThat(d.lead().opportunityCurrency()).isEqualTo("EUR");
    }

    @Test
    void contactStatusFollowsDispositionsNotLifecycle() {
        var attempting =
                derive(
                        List.of(
                                created("L1", "2026-01-01T00:00:00Z", "web_form"),
                                inbound("L1", "2026-01-01T00:10:00Z", "page_view"),
                                outbound("L1", "2026-01-01T01:00:00Z", "call", "no_answer")));
        assertThat(attempting.lead().contactStatus()).isEqualTo(ContactStatus.ATTEMPTING);
        assertThat(attempting.lead().contactAttempts()).isEqualTo(1);
        assertThat(attempting.lead().activityCount()).isEqualTo(2);
        assertThat(attempting.lead().status()).isEqualTo("INQUIRY");

        List<LeadEvent> five = new ArrayList<>();
        five.add(created("L1", "2026-01-01T00:00:00Z", "web_form"));
        for (int i = 1; i <= 5; i++) {
            five.add(outbound("L1", "2026-01-0" + i + "T12:00:00Z", "call", "no_answer"));
        }
        assertThat(derive(five).lead().contactStatus()).isEqualTo(ContactStatus.UNRESPONSIVE);

        five.add(outbound("L1", "2026-01-07T12:00:00Z", "email_sent", "bounced"));
        assertThat(derive(five).lead().contactStatus()).isEqualTo(ContactStatus.BAD_CONTACT_DATA);

        five.add(outbound("L1", "2026-01-08T12:00:00Z", "call", "connected"));
        var connected = derive(five).lead();
        assertThat(connected.contactStatus()).isEqualTo(ContactStatus.CONNECTED);
        assertThat(connected.firstConnectAt()).isEqualTo(millis("2026-01-08T12:00:00Z"));
        assertThat(connected.firstAttemptAt()).isEqualTo(millis("2026-01-01T12:00:00Z"));
    }

    @Test
    void assignmentsCountHandOffs() {
        var d =
                derive(
                        List.of(
                                created("L1", "2026-01-01T00:00:00Z", "web_form"),
                                assigned("L1", "2026-01-01T02:00:00Z", "rep-1"),
                                assigned("L1", "2026-01-02T02:00:00Z", "rep-2")));
        assertThat(d.lead().owner()).isEqualTo("rep-2");
        assertThat(d.lead().assignments()).isEqualTo(2);
        assertThat(d.lead().assignedAt()).isEqualTo(millis("2026-01-01T02:00:00Z"));
    }

    @Test
    void skippedStagesArePassedAsImpliedTransitions() {
        var d =
                derive(
                        List.of(
                                created("L1", "2026-01-01T00:00:00Z", "web_form"),
                                status("L1", "2026-01-02T00:00:00Z", "SQL", null),
                                opportunity("L1", "2026-01-09T00:00:00Z", "won", 10.0)));
        assertThat(d.transitions())
                .extracting(t -> t.fromStatus() + ">" + t.toStatus() + (t.implied() ? "*" : ""))
                .containsExactly(
                        ">INQUIRY",
                        "INQUIRY>MQL*",
                        "MQL>SAL*",
                        "SAL>SQL",
                        "SQL>OPPORTUNITY*",
                        "OPPORTUNITY>WON");
        assertThat(d.transitions().get(1).occurredAtMillis())
                .as("implied at the instant of the move that skipped it")
                .isEqualTo(millis("2026-01-02T00:00:00Z"));
        assertThat(d.lead().status()).isEqualTo("WON");
    }

    @Test
    void exitsImplyNothingReEntriesStartACycleWithCumulativeReachAndBackwardMovesAreKept() {
        var d =
                derive(
                        List.of(
                                created("L1", "2026-01-01T00:00:00Z", "web_form"),
                                status("L1", "2026-01-02T00:00:00Z", "MQL", null),
                                status("L1", "2026-01-03T00:00:00Z", "NURTURE", "not ready"),
                                status("L1", "2026-01-04T00:00:00Z", "SQL", null),
                                status("L1", "2026-01-05T00:00:00Z", "MQL", "rejected by sales"),
                                status("L1", "2026-01-06T00:00:00Z", "RECYCLED", "timing"),
                                status("L1", "2026-03-01T00:00:00Z", "SQL", null)));
        assertThat(d.transitions())
                .extracting(
                        t ->
                                t.cycle()
                                        + ":"
                                        + t.fromStatus()
                                        + ">"
                                        + t.toStatus()
                                        + (t.implied() ? "*" : ""))
                .containsExactly(
                        "1:>INQUIRY",
                        "1:INQUIRY>MQL",
                        "1:MQL>NURTURE",
                        "2:NURTURE>INQUIRY*",
                        "2:INQUIRY>MQL*",
                        "2:MQL>SAL*",
                        "2:SAL>SQL",
                        "2:SQL>MQL",
                        "2:MQL>RECYCLED",
                        "3:RECYCLED>INQUIRY*",
                        "3:INQUIRY>MQL*",
                        "3:MQL>SAL*",
                        "3:SAL>SQL");
        assertThat(d.lead().cycle()).isEqualTo(3);
        assertThat(d.lead().statusReason()).isEmpty();
    }

    @Test
    void anyArrivalOrderDerivesTheSameLead() {
        List<LeadEvent> events =
                List.of(
                        created("L1", "2026-01-01T00:00:00Z", "web_form"),
                        assigned("L1", "2026-01-01T02:00:00Z", "rep-1"),
                        outbound("L1", "2026-01-01T03:00:00Z", "call", "connected"),
                        status("L1", "2026-01-02T00:00:00Z", "MQL", null),
                        status("L1", "2026-01-03T00:00:00Z", "RECYCLED", "timing"),
                        status("L1", "2026-02-03T00:00:00Z", "INQUIRY", null),
                        opportunity("L1", "2026-03-01T00:00:00Z", "created", 100.0),
                        opportunity("L1", "2026-03-02T00:00:00Z", "lost", null));
        var expected = derive(events);
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            List<LeadEvent> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, random);
            assertThat(derive(shuffled)).isEqualTo(expected);
        }
    }

    @Test
    void foldingAPrefixThenDerivingTheRestEqualsDerivingEverything() {
        List<LeadEvent> events =
                new ArrayList<>(
                        List.of(
                                created("L1", "2026-01-01T00:00:00Z", "web_form"),
                                assigned("L1", "2026-01-01T02:00:00Z", "rep-1"),
                                outbound("L1", "2026-01-01T03:00:00Z", "call", "wrong_number"),
                                status("L1", "2026-01-02T00:00:00Z", "SAL", null),
                                status("L1", "2026-01-03T00:00:00Z", "RECYCLED", "timing"),
                                inbound("L1", "2026-01-20T00:00:00Z", "page_view"),
                                status("L1", "2026-02-03T00:00:00Z", "MQL", null),
                                opportunity("L1", "2026-03-01T00:00:00Z", "won", 100.0)));
        events.sort(EventOrder.COMPARATOR);
        LeadLifecycle.Derivation whole = LeadLifecycle.derive("L1", events);
        for (int cut = 0; cut <= events.size(); cut++) {
            LeadProgress folded = LeadLifecycle.advance(POLICY, "L1", null, events.subList(0, cut));
            LeadLifecycle.Derivation rest =
                    LeadLifecycle.derive(POLICY, "L1", folded, events.subList(cut, events.size()));
            assertThat(rest.lead()).as("cut at %d", cut).isEqualTo(whole.lead());
            assertThat(rest.transitions()).as("cut at %d", cut).isEqualTo(whole.transitions());
        }
        // Folding in two steps is the same as folding at once.
        LeadProgress twoSteps =
                LeadLifecycle.advance(
                        POLICY,
                        "L1",
                        LeadLifecycle.advance(POLICY, "L1", null, events.subList(0, 3)),
                        events.subList(3, 6));
        assertThat(twoSteps)
                .isEqualTo(LeadLifecycle.advance(POLICY, "L1", null, events.subList(0, 6)));
    }

    @Test
    void aLeadKeepsItsNewestTransitionsUpToTheBound() {
        List<LeadEvent> events = new ArrayList<>();
        events.add(created("L1", "2026-01-01T00:00:00Z", "web_form"));
        java.time.Instant at = java.time.Instant.parse("2026-01-02T00:00:00Z");
        int flips = LeadLifecycle.MAX_TRANSITIONS + 10;
        for (int i = 0; i < flips; i++) {
            events.add(
                    status(
                            "L1",
                            at.plusSeconds(i).toString(),
                            i % 2 == 0 ? "MQL" : "INQUIRY",
                            null));
        }
        events.sort(EventOrder.COMPARATOR);
        LeadLifecycle.Derivation whole = LeadLifecycle.derive("L1", events);
        int total = flips + 1;
        assertThat(whole.transitions()).hasSize(LeadLifecycle.MAX_TRANSITIONS);
        assertThat(whole.transitions().get(0).seq())
                .isEqualTo(total - LeadLifecycle.MAX_TRANSITIONS);
        assertThat(whole.transitions().get(LeadLifecycle.MAX_TRANSITIONS - 1).seq())
                .isEqualTo(total - 1);
        // Folded in pieces, the kept history is the same.
        LeadProgress folded = LeadLifecycle.advance(POLICY, "L1", null, events.subList(0, 600));
        folded = LeadLifecycle.advance(POLICY, "L1", folded, events.subList(600, 900));
        assertThat(LeadLifecycle.derive(POLICY, "L1", folded, events.subList(900, events.size())))
                .isEqualTo(whole);
    }

    @Test
    void aChangeThePolicyForbidsIsRejectedWithItsReasonAndChangesNothing() {
        LeadEvent setBack = status("L1", "2026-02-01T00:00:00Z", "SQL", "crm sync");
        var d =
                derive(
                        List.of(
                                created("L1", "2026-01-01T00:00:00Z", "web_form"),
                                opportunity("L1", "2026-01-10T00:00:00Z", "won", 900.0),
                                setBack));
        assertThat(d.lead().status()).isEqualTo("WON");
        assertThat(d.transitions()).extracting(Transition::toStatus).last().isEqualTo("WON");
        assertThat(d.rejections())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.eventId()).isEqualTo(setBack.eventId());
                            assertThat(r.fromStatus()).isEqualTo("WON");
                            assertThat(r.toStatus()).isEqualTo("SQL");
                            assertThat(r.reason())
                                    .isEqualTo(
                                            "WON -> SQL is not an allowed transition"
                                                    + " (after WON only RECYCLED)");
                        });
    }

    @Test
    void aLateRecycleMakesARejectedChangeValidAgain() {
        List<LeadEvent> events =
                new ArrayList<>(
                        List.of(
                                created("L1", "2026-01-01T00:00:00Z", "web_form"),
                                opportunity("L1", "2026-01-10T00:00:00Z", "won", 900.0),
                                status("L1", "2026-03-01T00:00:00Z", "MQL", "renewal")));
        assertThat(derive(events).rejections()).hasSize(1);

        events.add(status("L1", "2026-02-01T00:00:00Z", "RECYCLED", "upsell"));
        var d = derive(events);
        assertThat(d.rejections()).isEmpty();
        assertThat(d.lead().status()).isEqualTo("MQL");
        assertThat(d.lead().cycle()).isEqualTo(2);
    }

    @Test
    void listImportsCannotGoBackToProspectAndAPermissivePolicyAllowsIt() {
        List<LeadEvent> events =
                List.of(
                        created("L1", "2026-01-01T00:00:00Z", "list_import"),
                        status("L1", "2026-01-02T00:00:00Z", "INQUIRY", null),
                        status("L1", "2026-01-03T00:00:00Z", "PROSPECT", null));
        assertThat(derive(events).rejections())
                .extracting(RejectedTransition::toStatus)
                .containsExactly("PROSPECT");
        var permissive = LeadLifecycle.derive(TransitionPolicy.allowingAll(), "L1", null, events);
        assertThat(permissive.rejections()).isEmpty();
        assertThat(permissive.lead().status()).isEqualTo("PROSPECT");
    }

    @Test
    void lastTouchIsTheLatestAttributedTouchBeforeTheLeadQualified() {
        List<LeadEvent> events =
                new ArrayList<>(
                        List.of(
                                created("L1", "2026-01-01T00:00:00Z", "web_form"),
                                inbound("L1", "2026-01-02T00:00:00Z", "page_view"),
                                touch("L1", "2026-01-03T00:00:00Z", "email", "newsletter")));
        var unqualified = derive(events).lead();
        assertThat(unqualified.qualifiedAt()).isNull();
        assertThat(unqualified.lastTouchSource()).isEqualTo("email");
        assertThat(unqualified.lastTouchCampaign()).isEqualTo("newsletter");
        assertThat(unqualified.leadSource()).as("first touch").isEqualTo("google_ads");

        // Skipping to SQL passes MQL (implied): the lead qualified then; later touches do not
        // count.
        events.add(status("L1", "2026-01-05T00:00:00Z", "SQL", null));
        events.add(touch("L1", "2026-01-06T00:00:00Z", "linkedin", "abm"));
        var qualified = derive(events).lead();
        assertThat(qualified.qualifiedAt()).isEqualTo(millis("2026-01-05T00:00:00Z"));
        assertThat(qualified.lastTouchSource()).isEqualTo("email");
        assertThat(qualified.lastTouchAt()).isEqualTo(millis("2026-01-03T00:00:00Z"));

        // A touch arriving late, but before qualification, becomes the last touch.
        events.add(touch("L1", "2026-01-04T00:00:00Z", "webinar", "product-webinar"));
        assertThat(derive(events).lead().lastTouchCampaign()).isEqualTo("product-webinar");
    }

    @Test
    void speedToLeadCountsAttemptsUntilConnectAndHandoffsBeforeContact() {
        List<LeadEvent> events =
                List.of(
                        created("L1", "2026-01-01T00:00:00Z", "web_form"),
                        assigned("L1", "2026-01-01T01:00:00Z", "rep-1"),
                        assigned("L1", "2026-01-01T02:00:00Z", "rep-2"),
                        assigned("L1", "2026-01-01T02:30:00Z", "rep-2"),
                        inbound("L1", "2026-01-01T03:00:00Z", "page_view"),
                        outbound("L1", "2026-01-02T00:00:00Z", "call", "no_answer"),
                        assigned("L1", "2026-01-02T01:00:00Z", "rep-3"),
                        outbound("L1", "2026-01-02T02:00:00Z", "email_sent", "sent"),
                        outbound("L1", "2026-01-03T00:00:00Z", "call", "connected"),
                        outbound("L1", "2026-01-04T00:00:00Z", "call", "connected"));
        var lead = derive(events).lead();
        assertThat(lead.firstAttemptAt()).isEqualTo(millis("2026-01-02T00:00:00Z"));
        assertThat(lead.attemptsToConnect()).isEqualTo(3);
        assertThat(lead.handoffsBeforeContact())
                .as("rep-1 to rep-2; the repeat and the move after the first attempt do not count")
                .isEqualTo(1);
        assertThat(derive(events.subList(0, 6)).lead().attemptsToConnect()).isNull();
    }
}
