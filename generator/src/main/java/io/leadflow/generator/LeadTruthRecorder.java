package io.leadflow.generator;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies the lifecycle rules to one lead's events, in event-time order, and yields its {@link
 * LeadTruth}. It reads only the events (never the simulation's intentions), so the truth is what
 * any correct consumer of those events must compute. The rules, which the job implements
 * separately:
 *
 * <ul>
 *   <li>Status starts at {@code lead.created}'s initialStatus, or PROSPECT for channel list_import,
 *       else INQUIRY; the creation is a transition from {@code ""}.
 *   <li>A {@code lead.status_changed} to a different status is a transition; opportunity {@code
 *       created} moves to OPPORTUNITY, {@code won} to WON, {@code lost} to LOST, each only if the
 *       status differs.
 *   <li>The default transition policy: once WON, a lead may only move to RECYCLED, and PROSPECT is
 *       only ever a first status. A refused change is a rejection: the status stays.
 *   <li>The cycle starts at 1; each transition from RECYCLED, NURTURE or DISQUALIFIED back into the
 *       funnel (a stage from PROSPECT up to WON) increments it; a transition row carries the cycle
 *       after it.
 *   <li>Reach is cumulative (funnel: PROSPECT, INQUIRY, MQL, SAL, SQL, OPPORTUNITY, WON; LOST,
 *       DISQUALIFIED, NURTURE and RECYCLED are exits that imply nothing): moving up to a funnel
 *       stage emits an implied transition, at the same instant and without reason, through each
 *       stage above the furthest one the cycle reached and below the target. A cycle's first funnel
 *       entry implies the stages from INQUIRY up (a lead captured at MQL has reached INQUIRY),
 *       never PROSPECT.
 *   <li>Attribution: the lead qualifies the first time it enters MQL, SAL, SQL, OPPORTUNITY or WON
 *       (implied entries included; LOST is not a qualification). The last touch is the latest of
 *       the capture and the inbound activities naming a leadSource or campaign, up to
 *       qualification.
 *   <li>Contact status: any outbound connected/meeting_booked ⇒ CONNECTED; else any outbound
 *       wrong_number/bad_email/bounced ⇒ BAD_CONTACT_DATA; else ≥ 5 attempts ⇒ UNRESPONSIVE; else ≥
 *       1 attempt ⇒ ATTEMPTING; else NOT_CONTACTED. An attempt is an outbound call, email_sent,
 *       meeting or sms.
 * </ul>
 */
public final class LeadTruthRecorder {

    static final int UNRESPONSIVE_ATTEMPTS = 5;
    private static final Set<String> ATTEMPT_KINDS = Set.of("call", "email_sent", "meeting", "sms");
    private static final Set<String> CONNECTING = Set.of("connected", "meeting_booked");
    private static final Set<String> BAD_DATA = Set.of("wrong_number", "bad_email", "bounced");

    private final String leadId;
    private final List<LeadTransition> transitions = new ArrayList<>();
    private final List<LeadRejection> rejections = new ArrayList<>();
    private String status;
    private int cycle = 1;
    private int furthest = -1;
    private String createdOwner;
    private String assignedOwner;
    private int activityCount;
    private int contactAttempts;
    private boolean connected;
    private boolean badContactData;
    private Instant createdAt;
    private Instant lastEventAt;
    private Instant qualifiedAt;
    private Instant firstAttemptAt;
    private String lastTouchSource = "";
    private String lastTouchCampaign = "";

    public LeadTruthRecorder(String leadId) {
        this.leadId = leadId;
    }

    /**
     * Applies the next event of this lead.
     *
     * @throws IllegalArgumentException if the event is for another lead, precedes the previous one,
     *     or comes before {@code lead.created}
     */
    public void apply(LeadEvent event) {
        if (!leadId.equals(event.leadId())) {
            throw new IllegalArgumentException(
                    "event " + event.eventId() + " is not for " + leadId);
        }
        if (lastEventAt != null && !event.occurredAt().isAfter(lastEventAt)) {
            throw new IllegalArgumentException("events of " + leadId + " must be in time order");
        }
        boolean creation = LeadEvent.LEAD_CREATED.equals(event.type());
        if ((status == null) != creation) {
            throw new IllegalArgumentException("lead.created must be the only first event");
        }
        lastEventAt = event.occurredAt();
        JsonNode payload = event.payload();
        switch (event.type()) {
            case LeadEvent.LEAD_CREATED -> created(event, payload);
            case LeadEvent.LEAD_STATUS_CHANGED ->
                    moveTo(
                            event,
                            payload.path("status").asText(),
                            text(payload, "reason"),
                            text(payload, "actor"));
            case LeadEvent.LEAD_ASSIGNED -> assignedOwner = payload.path("owner").asText();
            case LeadEvent.ACTIVITY -> activity(event, payload);
            case LeadEvent.OPPORTUNITY -> opportunity(event, payload);
            default -> {
                // lead.updated changes attributes only.
            }
        }
    }

    public LeadTruth truth() {
        if (status == null) {
            throw new IllegalStateException("no lead.created seen for " + leadId);
        }
        return new LeadTruth(
                leadId,
                status,
                contactStatus(),
                cycle,
                assignedOwner != null ? assignedOwner : createdOwner,
                activityCount,
                contactAttempts,
                createdAt,
                transitions,
                rejections,
                qualifiedAt,
                lastTouchSource,
                lastTouchCampaign,
                firstAttemptAt);
    }

    /** The lead's current status, null before {@code lead.created}. */
    public String status() {
        return status;
    }

    private void created(LeadEvent event, JsonNode payload) {
        createdAt = event.occurredAt();
        createdOwner = text(payload, "owner");
        String initial = text(payload, "initialStatus");
        if (initial == null) {
            initial =
                    LeadSourceProfile.LIST_IMPORT.equals(payload.path("channel").asText())
                            ? "PROSPECT"
                            : "INQUIRY";
        }
        status = "";
        touch(payload);
        moveTo(event, initial, null, null);
    }

    private void activity(LeadEvent event, JsonNode payload) {
        activityCount++;
        if (!"outbound".equals(payload.path("direction").asText())) {
            if (text(payload, "leadSource") != null || text(payload, "campaign") != null) {
                touch(payload);
            }
            return;
        }
        if (ATTEMPT_KINDS.contains(payload.path("kind").asText())) {
            contactAttempts++;
            if (firstAttemptAt == null) {
                firstAttemptAt = event.occurredAt();
            }
        }
        String disposition = payload.path("disposition").asText();
        connected |= CONNECTING.contains(disposition);
        badContactData |= BAD_DATA.contains(disposition);
    }

    private void opportunity(LeadEvent event, JsonNode payload) {
        String to =
                switch (payload.path("action").asText()) {
                    case "created" -> "OPPORTUNITY";
                    case "won" -> "WON";
                    case "lost" -> "LOST";
                    default -> null;
                };
        if (to != null) {
            moveTo(event, to, text(payload, "reason"), null);
        }
    }

    private static final List<String> FUNNEL =
            List.of("PROSPECT", "INQUIRY", "MQL", "SAL", "SQL", "OPPORTUNITY", "WON");
    private static final Set<String> REENTRY_FROM = Set.of("RECYCLED", "NURTURE", "DISQUALIFIED");

    private void moveTo(LeadEvent event, String to, String reason, String actor) {
        Instant at = event.occurredAt();
        if (to.equals(status)) {
            return;
        }
        boolean refused =
                !status.isEmpty()
                        && (("WON".equals(status) && !"RECYCLED".equals(to))
                                || "PROSPECT".equals(to));
        if (refused) {
            rejections.add(new LeadRejection(event.eventId(), status, to, at));
            return;
        }
        int rank = FUNNEL.indexOf(to);
        if (REENTRY_FROM.contains(status) && rank >= 0) {
            cycle++;
            furthest = -1;
        }
        if (rank >= 0) {
            for (int r = Math.max(furthest, 0) + 1; r < rank; r++) {
                record(FUNNEL.get(r), at, null, actor, true);
            }
            furthest = Math.max(furthest, rank);
        }
        record(to, at, reason, actor, false);
    }

    private void touch(JsonNode payload) {
        if (qualifiedAt == null) {
            lastTouchSource = payload.path("leadSource").asText("");
            lastTouchCampaign = payload.path("campaign").asText("");
        }
    }

    private void record(String to, Instant at, String reason, String actor, boolean implied) {
        if (qualifiedAt == null && FUNNEL.indexOf(to) >= FUNNEL.indexOf("MQL")) {
            qualifiedAt = at;
        }
        transitions.add(
                new LeadTransition(
                        transitions.size(), status, to, at, cycle, reason, actor, implied));
        status = to;
    }

    private String contactStatus() {
        if (connected) {
            return "CONNECTED";
        }
        if (badContactData) {
            return "BAD_CONTACT_DATA";
        }
        if (contactAttempts >= UNRESPONSIVE_ATTEMPTS) {
            return "UNRESPONSIVE";
        }
        return contactAttempts >= 1 ? "ATTEMPTING" : "NOT_CONTACTED";
    }

    private static String text(JsonNode payload, String field) {
        JsonNode value = payload.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
