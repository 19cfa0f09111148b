package io.leadflow.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated events keep the contract and the ground truth follows from them. */
class GroundTruthInvariantsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSTANT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";

    private final GeneratedHistory history = GeneratedSamples.tenThousandLeads();

    @Test
    void everyEventIsJsonWithTheEnvelopeAndAUniqueId() throws Exception {
        Set<String> ids = new HashSet<>();
        List<String> broken = new ArrayList<>();
        for (LeadEvent event : history.events()) {
            JsonNode node = JSON.readTree(event.toBytes());
            boolean ok =
                    ids.add(node.path("eventId").asText())
                            && !node.path("eventId").asText().isEmpty()
                            && EventSchemas.TYPES.contains(node.path("type").asText())
                            && node.path("occurredAt").asText().matches(INSTANT)
                            && !node.path("source").asText().isEmpty()
                            && node.path("schemaVersion").isInt()
                            && node.path("schemaVersion").asInt() == 1
                            && node.path("payload").isObject()
                            && node.hasNonNull("leadId")
                                    == !LeadEvent.CAMPAIGN_COST.equals(event.type());
            if (!ok) {
                broken.add(node.toString());
            }
        }
        assertThat(broken).isEmpty();
        assertThat(ids).hasSize(history.events().size());
    }

    @Test
    void eachLeadStartsWithCreationAndMovesForwardInWholeSeconds() {
        Map<String, List<LeadEvent>> byLead = byLead();

        assertThat(byLead).hasSize(history.truth().size());
        byLead.forEach(
                (leadId, events) -> {
                    assertThat(events.get(0).type()).isEqualTo(LeadEvent.LEAD_CREATED);
                    assertThat(events.subList(1, events.size()))
                            .noneMatch(e -> e.type().equals(LeadEvent.LEAD_CREATED));
                    for (int i = 1; i < events.size(); i++) {
                        assertThat(events.get(i).occurredAt())
                                .isAfterOrEqualTo(events.get(i - 1).occurredAt().plusSeconds(1));
                    }
                    assertThat(history.truth().lead(leadId).createdAt())
                            .isEqualTo(events.get(0).occurredAt());
                });
    }

    @Test
    void theGeneratedHistoryExercisesTheTransitionPolicy() {
        assertThat(history.truth().leads().values())
                .flatExtracting(LeadTruth::rejections)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.from()).isEqualTo("WON"));
    }

    @Test
    void statusChangesAlwaysChangeAndNeverClaimOpportunityOutcomes() {
        byLead().forEach(
                        (leadId, events) -> {
                            String status = null;
                            for (LeadEvent event : events) {
                                JsonNode p = event.payload();
                                if (event.type().equals(LeadEvent.LEAD_CREATED)) {
                                    // The status it was captured in: the first named one (a
                                    // capture at MQL implies INQUIRY before it).
                                    status =
                                            history.truth().lead(leadId).transitions().stream()
                                                    .filter(t -> !t.implied())
                                                    .findFirst()
                                                    .orElseThrow()
                                                    .to();
                                } else if (event.type().equals(LeadEvent.LEAD_STATUS_CHANGED)
                                        && "WON".equals(status)) {
                                    // A CRM glitch: the policy refuses it, the lead stays WON.
                                    assertThat(history.truth().lead(leadId).rejections())
                                            .extracting(LeadRejection::eventId)
                                            .contains(event.eventId());
                                } else if (event.type().equals(LeadEvent.LEAD_STATUS_CHANGED)) {
                                    String to = p.path("status").asText();
                                    assertThat(to)
                                            .isNotEqualTo(status)
                                            .isNotIn("OPPORTUNITY", "WON", "LOST");
                                    if (to.equals("DISQUALIFIED")) {
                                        assertThat(p.path("reason").asText()).isNotBlank();
                                    }
                                    status = to;
                                } else if (event.type().equals(LeadEvent.OPPORTUNITY)) {
                                    String action = p.path("action").asText();
                                    if (!action.equals("stage_changed")) {
                                        status =
                                                switch (action) {
                                                    case "created" -> "OPPORTUNITY";
                                                    case "won" -> "WON";
                                                    default -> "LOST";
                                                };
                                    }
                                }
                            }
                            assertThat(history.truth().lead(leadId).status()).isEqualTo(status);
                        });
    }

    @Test
    void transitionsFormAChainWithCyclesOnlyOnReEntry() {
        for (LeadTruth lead : history.truth().all()) {
            List<LeadTransition> transitions = lead.transitions();
            assertThat(transitions.get(0).from()).isEmpty();
            assertThat(transitions.get(0).cycle()).isEqualTo(1);
            for (int i = 1; i < transitions.size(); i++) {
                LeadTransition previous = transitions.get(i - 1);
                LeadTransition current = transitions.get(i);
                assertThat(current.seq()).isEqualTo(i);
                assertThat(current.from()).isEqualTo(previous.to()).isNotEqualTo(current.to());
                if (current.implied() || previous.implied()) {
                    // An implied stage is passed at the instant of the move that skipped it.
                    assertThat(current.occurredAt()).isAfterOrEqualTo(previous.occurredAt());
                } else {
                    assertThat(current.occurredAt()).isAfter(previous.occurredAt());
                }
                boolean reEntry =
                        Set.of("RECYCLED", "NURTURE", "DISQUALIFIED").contains(current.from())
                                && !Set.of("LOST", "DISQUALIFIED", "NURTURE", "RECYCLED")
                                        .contains(current.to());
                int expectedCycle = previous.cycle() + (reEntry ? 1 : 0);
                assertThat(current.cycle()).isEqualTo(expectedCycle);
            }
            LeadTransition last = transitions.get(transitions.size() - 1);
            assertThat(lead.status()).isEqualTo(last.to());
            assertThat(lead.cycle()).isEqualTo(last.cycle());
            assertThat(lead.contactAttempts()).isLessThanOrEqualTo(lead.activityCount());
        }
    }

    @Test
    void truthIsReproducedByAnIndependentBatchReplayOfTheEvents() {
        List<byte[]> values = new ArrayList<>();
        history.events().forEach(e -> values.add(e.toBytes()));

        TruthReplay replay = new TruthReplay(new EventSchemas());
        GroundTruth replayed = replay.replay(values);

        assertThat(replay.rejected()).isZero();
        assertThat(replayed).isEqualTo(history.truth());
    }

    private Map<String, List<LeadEvent>> byLead() {
        Map<String, List<LeadEvent>> byLead = new HashMap<>();
        for (LeadEvent event : history.events()) {
            if (event.leadId() != null) {
                byLead.computeIfAbsent(event.leadId(), id -> new ArrayList<>()).add(event);
            }
        }
        return byLead;
    }
}
