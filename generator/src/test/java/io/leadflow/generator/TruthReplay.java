package io.leadflow.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A second, test-only derivation of the ground truth from raw record bytes, the way a batch job
 * would do it: drop what a dead-letter stage would reject, drop duplicate event ids, order each
 * lead's events by event time and apply the lifecycle rules. It shares no code with the generator
 * beyond {@link LeadEvent} as a value holder, so agreement with {@link GroundTruth} means the
 * generator's truth follows from its events and survives disorder, duplicates and bad records.
 */
final class TruthReplay {

    /** Funnel order up to OPPORTUNITY; WON ranks after it; LOST and the other exits have none. */
    private static final List<String> STAGES =
            List.of("PROSPECT", "INQUIRY", "MQL", "SAL", "SQL", "OPPORTUNITY");

    private static final Map<String, Integer> RANKS =
            Map.of(
                    "PROSPECT",
                    0,
                    "INQUIRY",
                    1,
                    "MQL",
                    2,
                    "SAL",
                    3,
                    "SQL",
                    4,
                    "OPPORTUNITY",
                    5,
                    "WON",
                    6);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventSchemas schemas;
    private int rejected;
    private int duplicates;

    TruthReplay(EventSchemas schemas) {
        this.schemas = schemas;
    }

    int rejected() {
        return rejected;
    }

    int duplicates() {
        return duplicates;
    }

    GroundTruth replay(List<byte[]> values) {
        Set<String> seen = new HashSet<>();
        Map<String, List<LeadEvent>> byLead = new LinkedHashMap<>();
        for (byte[] value : values) {
            JsonNode node = acceptable(value);
            if (node == null) {
                rejected++;
                continue;
            }
            if (!seen.add(node.path("eventId").asText())) {
                duplicates++;
                continue;
            }
            if (!node.hasNonNull("leadId")) {
                continue; // campaign costs
            }
            LeadEvent event =
                    new LeadEvent(
                            node.path("eventId").asText(),
                            node.path("type").asText(),
                            node.path("leadId").asText(),
                            Instant.parse(node.path("occurredAt").asText()),
                            node.path("source").asText(),
                            (ObjectNode) node.path("payload"));
            byLead.computeIfAbsent(event.leadId(), id -> new ArrayList<>()).add(event);
        }
        Map<String, LeadTruth> truths = new LinkedHashMap<>();
        byLead.values().stream()
                .map(
                        events ->
                                events.stream()
                                        .sorted(Comparator.comparing(LeadEvent::occurredAt))
                                        .toList())
                .sorted(
                        Comparator.comparing((List<LeadEvent> events) -> events.get(0).occurredAt())
                                .thenComparing(events -> events.get(0).leadId()))
                .forEach(events -> truths.put(events.get(0).leadId(), derive(events)));
        return new GroundTruth(truths);
    }

    /** The dead-letter stage: null for anything a correct job must reject. */
    private JsonNode acceptable(byte[] value) {
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (IOException e) {
            return null;
        }
        if (node == null || !node.isObject() || !schemas.knows(node.path("type").asText())) {
            return null;
        }
        if (!schemas.validate(node).isEmpty()) {
            return null;
        }
        int year = Instant.parse(node.path("occurredAt").asText()).atZone(ZoneOffset.UTC).getYear();
        return year < 2000 || year > 2100 ? null : node;
    }

    /** The lifecycle rules, written out independently of LeadTruthRecorder. */
    private static LeadTruth derive(List<LeadEvent> events) {
        String status = "";
        int cycle = 1;
        int furthestInCycle = -1;
        String createdOwner = null;
        String assignedOwner = null;
        int activities = 0;
        int attempts = 0;
        boolean connected = false;
        boolean badData = false;
        List<LeadTransition> transitions = new ArrayList<>();
        List<LeadRejection> rejections = new ArrayList<>();
        // (time, source, campaign) of every attributed touch; attribution is settled at the end.
        List<String[]> touches = new ArrayList<>();
        Instant firstAttempt = null;
        for (LeadEvent event : events) {
            JsonNode p = event.payload();
            String to = null;
            String reason = null;
            String actor = null;
            switch (event.type()) {
                case "lead.created" -> {
                    touches.add(
                            new String[] {
                                event.occurredAt().toString(),
                                p.path("leadSource").asText(""),
                                p.path("campaign").asText("")
                            });
                    createdOwner = p.hasNonNull("owner") ? p.get("owner").asText() : null;
                    to =
                            p.hasNonNull("initialStatus")
                                    ? p.get("initialStatus").asText()
                                    : "list_import".equals(p.path("channel").asText())
                                            ? "PROSPECT"
                                            : "INQUIRY";
                }
                case "lead.status_changed" -> {
                    to = p.get("status").asText();
                    reason = p.hasNonNull("reason") ? p.get("reason").asText() : null;
                    actor = p.hasNonNull("actor") ? p.get("actor").asText() : null;
                }
                case "lead.assigned" -> assignedOwner = p.get("owner").asText();
                case "activity" -> {
                    activities++;
                    boolean attributed = p.hasNonNull("leadSource") || p.hasNonNull("campaign");
                    if (attributed && "inbound".equals(p.path("direction").asText())) {
                        touches.add(
                                new String[] {
                                    event.occurredAt().toString(),
                                    p.path("leadSource").asText(""),
                                    p.path("campaign").asText("")
                                });
                    }
                    if ("outbound".equals(p.path("direction").asText())) {
                        String kind = p.path("kind").asText();
                        if (Set.of("call", "email_sent", "meeting", "sms").contains(kind)) {
                            attempts++;
                            firstAttempt = firstAttempt == null ? event.occurredAt() : firstAttempt;
                        }
                        String disposition = p.path("disposition").asText();
                        connected |= Set.of("connected", "meeting_booked").contains(disposition);
                        badData |=
                                Set.of("wrong_number", "bad_email", "bounced")
                                        .contains(disposition);
                    }
                }
                case "opportunity" -> {
                    switch (p.path("action").asText()) {
                        case "created" -> to = "OPPORTUNITY";
                        case "won" -> to = "WON";
                        case "lost" -> to = "LOST";
                        default -> {}
                    }
                    reason = p.hasNonNull("reason") ? p.get("reason").asText() : null;
                }
                default -> {}
            }
            boolean allowed =
                    status.isEmpty()
                            || !(Objects.equals(to, "PROSPECT")
                                    || (status.equals("WON") && !Objects.equals(to, "RECYCLED")));
            if (to != null && !to.equals(status) && !allowed) {
                rejections.add(new LeadRejection(event.eventId(), status, to, event.occurredAt()));
            } else if (to != null && !to.equals(status)) {
                int rank = RANKS.getOrDefault(to, -1);
                if (rank >= 0 && Set.of("RECYCLED", "NURTURE", "DISQUALIFIED").contains(status)) {
                    cycle++;
                    furthestInCycle = -1;
                }
                if (rank >= 0) {
                    // Cumulative reach: INQUIRY up is implied, PROSPECT never.
                    {
                        for (int r = Math.max(furthestInCycle, 0) + 1; r < rank; r++) {
                            String passed = STAGES.get(r);
                            transitions.add(
                                    new LeadTransition(
                                            transitions.size(),
                                            status,
                                            passed,
                                            event.occurredAt(),
                                            cycle,
                                            null,
                                            actor,
                                            true));
                            status = passed;
                        }
                    }
                    furthestInCycle = Math.max(furthestInCycle, rank);
                }
                transitions.add(
                        new LeadTransition(
                                transitions.size(),
                                status,
                                to,
                                event.occurredAt(),
                                cycle,
                                reason,
                                actor,
                                false));
                status = to;
            }
        }
        Instant qualified =
                transitions.stream()
                        .filter(t -> RANKS.getOrDefault(t.to(), -1) >= RANKS.get("MQL"))
                        .map(LeadTransition::occurredAt)
                        .findFirst()
                        .orElse(null);
        String[] lastTouch =
                touches.stream()
                        .filter(t -> qualified == null || !Instant.parse(t[0]).isAfter(qualified))
                        .reduce((a, b) -> b)
                        .orElse(new String[] {"", "", ""});
        String touchSource = lastTouch[1];
        String touchCampaign = lastTouch[2];
        String contactStatus =
                connected
                        ? "CONNECTED"
                        : badData
                                ? "BAD_CONTACT_DATA"
                                : attempts >= 5
                                        ? "UNRESPONSIVE"
                                        : attempts >= 1 ? "ATTEMPTING" : "NOT_CONTACTED";
        return new LeadTruth(
                events.get(0).leadId(),
                status,
                contactStatus,
                cycle,
                assignedOwner != null ? assignedOwner : createdOwner,
                activities,
                attempts,
                events.get(0).occurredAt(),
                transitions,
                rejections,
                qualified,
                touchSource,
                touchCampaign,
                firstAttempt);
    }
}
