package io.leadflow.jobs.lifecycle;

import io.leadflow.schema.event.Activity;
import io.leadflow.schema.event.Assignment;
import io.leadflow.schema.event.EventType;
import io.leadflow.schema.event.Firmographics;
import io.leadflow.schema.event.LeadCreated;
import io.leadflow.schema.event.LeadEvent;
import io.leadflow.schema.event.LeadStatus;
import io.leadflow.schema.event.LeadUpdated;
import io.leadflow.schema.event.OpportunityChange;

import java.util.ArrayList;
import java.util.List;

/**
 * The lifecycle rules of one lead, as a pure function from its distinct events (in {@link
 * EventOrder}) to its current snapshot and transition history. Deriving from the whole history
 * instead of mutating a running state is what makes late and out-of-order events harmless: the
 * result depends only on the set of events.
 *
 * <p>Rules: creation sets the initial status; a status event or an opportunity created/won/lost
 * whose status differs from the current one is a transition; coming back into the funnel from
 * RECYCLED, NURTURE or DISQUALIFIED starts a new cycle; stages passed on the way up are implied
 * transitions ({@link FunnelStage#between}: reach is cumulative, so a cycle entering at SQL has
 * reached INQUIRY, MQL and SAL too); a change the {@link TransitionPolicy} forbids is recorded as a
 * {@link RejectedTransition} and leaves the status as it was; contact status follows {@link
 * ContactStatus#of}.
 *
 * <p>An instance is the derivation in progress; {@link #advance} applies events to a {@link
 * LeadProgress} in O(1) per event, which is what the operator does for an event in order.
 */
public final class LeadLifecycle {

    /**
     * How many transitions a lead keeps, newest first: the audit trail of a lead that changes
     * status more often than this (a data problem, not a sales process) loses its oldest entries,
     * so the state of one lead stays bounded.
     */
    public static final int MAX_TRANSITIONS = 1_000;

    /** How many rejected transitions a lead keeps, newest first. */
    public static final int MAX_REJECTIONS = 100;

    /**
     * The result of a derivation.
     *
     * @param lead the lead after all events
     * @param transitions the lead's whole transition history (folded ones included), oldest first,
     *     at most {@link #MAX_TRANSITIONS}
     * @param rejections status changes the policy refused, oldest first, at most {@link
     *     #MAX_REJECTIONS}
     */
    public record Derivation(
            LeadSnapshot lead, List<Transition> transitions, List<RejectedTransition> rejections) {

        /** The derivation a progress stands for. */
        public static Derivation of(LeadProgress progress) {
            return new Derivation(progress.lead(), progress.transitions(), progress.rejections());
        }
    }

    private final String leadId;
    private final TransitionPolicy policy;
    private final List<Transition> transitions = new ArrayList<>();
    private final List<RejectedTransition> rejections = new ArrayList<>();

    /** Seq of the next transition: the number of transitions derived before it. */
    private int nextSeq;

    private String status = "";
    private int cycle = 1;

    /** Funnel rank of the furthest stage this cycle reached; -1 before the cycle's first. */
    private int furthestRank = -1;

    private String statusReason = "";
    private String source = "";
    private String channel = "";
    private String leadSource = "";
    private String campaign = "";
    private String medium = "";
    private String landingPage = "";
    private String owner = "";
    private String team = "";
    private String territory = "";
    private String company = "";
    private String industry = "";
    private String country = "";
    private String segment = "";
    private Integer employees;
    private Long createdAt;
    private Long statusChangedAt;
    private Long assignedAt;
    private int assignments;
    private Long firstActivityAt;
    private Long lastActivityAt;
    private int activityCount;
    private int contactAttempts;
    private Long firstAttemptAt;
    private Long firstConnectAt;
    private boolean badContactData;
    private boolean unsubscribed;
    private boolean doNotCall;
    private String lastDisposition = "";
    private String opportunityId = "";
    private Double opportunityAmount;
    private String opportunityCurrency = "";
    private long lastEventAt;
    private int eventsApplied;
    private Long qualifiedAt;
    private Integer attemptsToConnect;
    private int handoffsBeforeContact;
    private String lastTouchSource = "";
    private String lastTouchCampaign = "";
    private String lastTouchMedium = "";
    private Long lastTouchAt;
    private Long cycleStartedAt;
    private Long responseStartedAt;
    private Long firstResponseAt;
    private String firstResponseOwner = "";
    private String firstResponseTeam = "";
    private Long firstAttemptAfterQualifiedAt;
    private Long lastSalesTouchAt;

    /** The amount and currency the current event gives its transitions; null for most events. */
    private Double eventAmount;

    private String eventCurrency = "";

    private LeadLifecycle(String leadId, TransitionPolicy policy) {
        this.leadId = leadId;
        this.policy = policy;
    }

    /**
     * Derives a lead from its distinct events, which must already be in {@link EventOrder}, under
     * the default {@link TransitionPolicy}.
     */
    public static Derivation derive(String leadId, List<LeadEvent> orderedEvents) {
        return derive(TransitionPolicy.defaults(), leadId, null, orderedEvents);
    }

    /**
     * Derives a lead from a progress (or null for none) and the events after it, in {@link
     * EventOrder}. The result is the same as deriving from all of the lead's events.
     */
    public static Derivation derive(
            TransitionPolicy policy,
            String leadId,
            LeadProgress base,
            List<LeadEvent> orderedEvents) {
        LeadProgress progress = advance(policy, leadId, base, orderedEvents);
        return progress == null
                ? new LeadLifecycle(leadId, policy).derivation()
                : Derivation.of(progress);
    }

    /**
     * Applies {@code orderedEvents}, which sort after every event of {@code base}, to {@code base}
     * (or to a new lead when null). Costs O(1) per event plus copying the lead's kept transitions
     * once.
     */
    public static LeadProgress advance(
            TransitionPolicy policy,
            String leadId,
            LeadProgress base,
            List<LeadEvent> orderedEvents) {
        if (orderedEvents.isEmpty()) {
            return base;
        }
        LeadLifecycle lead = resume(policy, leadId, base);
        for (LeadEvent event : orderedEvents) {
            lead.apply(event);
        }
        LeadEvent last = orderedEvents.get(orderedEvents.size() - 1);
        return new LeadProgress(
                lead.snapshot(),
                lead.furthestRank,
                lead.badContactData,
                lead.unsubscribed,
                lead.doNotCall,
                lead.keptTransitions(),
                lead.nextSeq,
                newest(lead.rejections, MAX_REJECTIONS),
                last.occurredAtMillis(),
                last.eventId(),
                last.type() == EventType.LEAD_CREATED);
    }

    private Derivation derivation() {
        return new Derivation(snapshot(), keptTransitions(), newest(rejections, MAX_REJECTIONS));
    }

    private static LeadLifecycle resume(
            TransitionPolicy policy, String leadId, LeadProgress progress) {
        LeadLifecycle lead = new LeadLifecycle(leadId, policy);
        if (progress == null) {
            return lead;
        }
        LeadSnapshot l = progress.lead();
        lead.transitions.addAll(progress.transitions());
        lead.rejections.addAll(progress.rejections());
        lead.nextSeq = progress.nextSeq();
        lead.furthestRank = progress.furthestRank();
        lead.badContactData = progress.badContactData();
        lead.unsubscribed = progress.unsubscribed();
        lead.doNotCall = progress.doNotCall();
        lead.status = l.status();
        lead.cycle = l.cycle();
        lead.statusReason = l.statusReason();
        lead.source = l.source();
        lead.channel = l.channel();
        lead.leadSource = l.leadSource();
        lead.campaign = l.campaign();
        lead.medium = l.medium();
        lead.landingPage = l.landingPage();
        lead.owner = l.owner();
        lead.team = l.team();
        lead.territory = l.territory();
        lead.company = l.company();
        lead.industry = l.industry();
        lead.country = l.country();
        lead.segment = l.segment();
        lead.employees = l.employees();
        lead.createdAt = l.createdAt();
        lead.statusChangedAt = l.statusChangedAt();
        lead.assignedAt = l.assignedAt();
        lead.assignments = l.assignments();
        lead.firstActivityAt = l.firstActivityAt();
        lead.lastActivityAt = l.lastActivityAt();
        lead.activityCount = l.activityCount();
        lead.contactAttempts = l.contactAttempts();
        lead.firstAttemptAt = l.firstAttemptAt();
        lead.firstConnectAt = l.firstConnectAt();
        lead.lastDisposition = l.lastDisposition();
        lead.opportunityId = l.opportunityId();
        lead.opportunityAmount = l.opportunityAmount();
        lead.opportunityCurrency = l.opportunityCurrency();
        lead.lastEventAt = l.lastEventAt();
        lead.eventsApplied = l.eventsApplied();
        lead.qualifiedAt = l.qualifiedAt();
        lead.attemptsToConnect = l.attemptsToConnect();
        lead.handoffsBeforeContact = l.handoffsBeforeContact();
        lead.lastTouchSource = l.lastTouchSource();
        lead.lastTouchCampaign = l.lastTouchCampaign();
        lead.lastTouchMedium = l.lastTouchMedium();
        lead.lastTouchAt = l.lastTouchAt();
        lead.cycleStartedAt = l.cycleStartedAt();
        lead.responseStartedAt = l.responseStartedAt();
        lead.firstResponseAt = l.firstResponseAt();
        lead.firstResponseOwner = l.firstResponseOwner();
        lead.firstResponseTeam = l.firstResponseTeam();
        lead.firstAttemptAfterQualifiedAt = l.firstAttemptAfterQualifiedAt();
        lead.lastSalesTouchAt = l.lastSalesTouchAt();
        return lead;
    }

    private void apply(LeadEvent e) {
        eventAmount = null;
        eventCurrency = "";
        eventsApplied++;
        lastEventAt = Math.max(lastEventAt, e.occurredAtMillis());
        switch (e.type()) {
            case LEAD_CREATED -> created(e, e.created());
            case LEAD_UPDATED -> updated(e.updated());
            case LEAD_STATUS_CHANGED ->
                    changeStatus(
                            e,
                            e.statusChange().status(),
                            e.statusChange().actor(),
                            e.statusChange().reason());
            case LEAD_ASSIGNED -> assigned(e, e.assignment());
            case ACTIVITY -> activity(e, e.activity());
            case OPPORTUNITY -> opportunity(e, e.opportunity());
            case CAMPAIGN_COST -> {
                // Spend is not about a lead; the router never sends it here.
            }
        }
    }

    private void created(LeadEvent e, LeadCreated c) {
        createdAt = e.occurredAtMillis();
        source = e.source();
        channel = orEmpty(c.channel());
        leadSource = orEmpty(c.leadSource());
        campaign = orEmpty(c.campaign());
        medium = orEmpty(c.medium());
        landingPage = orEmpty(c.landingPage());
        team = orKeep(c.team(), team);
        territory = orKeep(c.territory(), territory);
        if (c.owner() != null && owner.isEmpty()) {
            owner = c.owner();
            assignedAt = assignedAt == null ? e.occurredAtMillis() : assignedAt;
        }
        firmographics(c.firmographics());
        touch(e, c.leadSource(), c.campaign(), c.medium());
        if (status.isEmpty()) {
            changeStatus(e, c.effectiveInitialStatus(), e.source(), null);
        }
    }

    private void updated(LeadUpdated u) {
        firmographics(u.firmographics());
        owner = orKeep(u.owner(), owner);
        team = orKeep(u.team(), team);
        territory = orKeep(u.territory(), territory);
        if (u.emailConsent() != null) {
            unsubscribed = !u.emailConsent();
        }
        if (u.phoneConsent() != null) {
            doNotCall = !u.phoneConsent();
        }
    }

    private void assigned(LeadEvent e, Assignment a) {
        if (firstAttemptAt == null && !owner.isEmpty() && !owner.equals(a.owner())) {
            handoffsBeforeContact++;
        }
        owner = a.owner();
        team = orKeep(a.team(), team);
        territory = orKeep(a.territory(), territory);
        assignments++;
        if (assignedAt == null) {
            assignedAt = e.occurredAtMillis();
        }
    }

    private void activity(LeadEvent e, Activity a) {
        long at = e.occurredAtMillis();
        activityCount++;
        firstActivityAt = firstActivityAt == null ? at : firstActivityAt;
        lastActivityAt = at;
        if (a.isAttributedTouch()) {
            touch(e, a.leadSource(), a.campaign(), a.medium());
        }
        if ("outbound".equals(a.direction())) {
            lastSalesTouchAt = at;
        }
        if (a.isContactAttempt()) {
            contactAttempts++;
            firstAttemptAt = firstAttemptAt == null ? at : firstAttemptAt;
            if (responseStartedAt != null && firstResponseAt == null) {
                firstResponseAt = at;
                firstResponseOwner = owner;
                firstResponseTeam = team;
            }
            if (qualifiedAt != null && firstAttemptAfterQualifiedAt == null) {
                firstAttemptAfterQualifiedAt = at;
            }
            lastDisposition = orEmpty(a.disposition());
            if (a.connected() && firstConnectAt == null) {
                firstConnectAt = at;
                attemptsToConnect = contactAttempts;
            }
            badContactData |= a.revealsBadContactData();
        }
        if ("unsubscribe".equals(a.kind())) {
            unsubscribed = true;
        }
    }

    private void opportunity(LeadEvent e, OpportunityChange o) {
        if (!o.opportunityId().equals(opportunityId)) {
            // Another opportunity: the last one's amount is not this one's.
            opportunityAmount = null;
            opportunityCurrency = "";
        }
        opportunityId = o.opportunityId();
        if (o.amount() != null) {
            opportunityAmount = o.amount();
            opportunityCurrency = orEmpty(o.currency());
        }
        eventAmount = opportunityAmount;
        eventCurrency = opportunityCurrency;
        LeadStatus implied = o.impliedStatus();
        if (implied != null) {
            changeStatus(e, implied, e.source(), o.reason());
        }
    }

    private void changeStatus(LeadEvent e, LeadStatus to, String actor, String reason) {
        if (to.name().equals(status)) {
            return;
        }
        if (!policy.allows(status, to)) {
            rejections.add(
                    new RejectedTransition(
                            e.eventId(),
                            e.type().wireName(),
                            e.occurredAtMillis(),
                            status,
                            to.name(),
                            policy.refusal(status, to)));
            return;
        }
        if (FunnelStage.startsNewCycle(status, to)) {
            cycle++;
            furthestRank = -1;
            cycleStartedAt = e.occurredAtMillis();
        }
        if (cycleStartedAt == null) {
            cycleStartedAt = e.occurredAtMillis();
        }
        int rank = FunnelStage.rank(to);
        if (rank >= 0) {
            for (LeadStatus passed : FunnelStage.between(furthestRank, rank)) {
                addTransition(e, passed, actor, null, true);
            }
            furthestRank = Math.max(furthestRank, rank);
        }
        addTransition(e, to, actor, reason, false);
        statusReason = orEmpty(reason);
        statusChangedAt = e.occurredAtMillis();
    }

    /** A marketing touch counts for last-touch attribution until the lead is qualified. */
    private void touch(LeadEvent e, String leadSource, String campaign, String medium) {
        if (qualifiedAt == null) {
            lastTouchSource = orEmpty(leadSource);
            lastTouchCampaign = orEmpty(campaign);
            lastTouchMedium = orEmpty(medium);
            lastTouchAt = e.occurredAtMillis();
        }
    }

    private void addTransition(
            LeadEvent e, LeadStatus to, String actor, String reason, boolean implied) {
        if (qualifiedAt == null && FunnelStage.rank(to) >= FunnelStage.rank(LeadStatus.MQL)) {
            qualifiedAt = e.occurredAtMillis();
        }
        if (responseStartedAt == null && FunnelStage.isOpen(to.name())) {
            responseStartedAt = e.occurredAtMillis();
        }
        transitions.add(
                new Transition(
                        nextSeq++,
                        cycle,
                        status,
                        to.name(),
                        e.occurredAtMillis(),
                        e.eventId(),
                        e.type().wireName(),
                        orEmpty(actor),
                        orEmpty(reason),
                        implied,
                        eventAmount,
                        eventCurrency));
        status = to.name();
    }

    private void firmographics(Firmographics f) {
        if (f == null) {
            return;
        }
        company = orKeep(f.company(), company);
        industry = orKeep(f.industry(), industry);
        country = orKeep(f.country(), country);
        segment = orKeep(f.segment(), segment);
        employees = f.employees() != null ? f.employees() : employees;
    }

    private LeadSnapshot snapshot() {
        return new LeadSnapshot(
                leadId,
                status,
                ContactStatus.of(firstConnectAt != null, badContactData, contactAttempts),
                cycle,
                statusReason,
                source,
                channel,
                leadSource,
                campaign,
                medium,
                landingPage,
                owner,
                team,
                territory,
                company,
                industry,
                country,
                segment,
                employees,
                createdAt,
                statusChangedAt,
                assignedAt,
                assignments,
                firstActivityAt,
                lastActivityAt,
                activityCount,
                contactAttempts,
                firstAttemptAt,
                firstConnectAt,
                lastDisposition,
                opportunityId,
                opportunityAmount,
                opportunityCurrency,
                lastEventAt,
                eventsApplied,
                qualifiedAt,
                lastTouchSource,
                lastTouchCampaign,
                lastTouchMedium,
                lastTouchAt,
                attemptsToConnect,
                handoffsBeforeContact,
                cycleStartedAt,
                responseStartedAt,
                firstResponseAt,
                firstResponseOwner,
                firstResponseTeam,
                firstAttemptAfterQualifiedAt,
                lastSalesTouchAt);
    }

    private List<Transition> keptTransitions() {
        return newest(transitions, MAX_TRANSITIONS);
    }

    private static <T> List<T> newest(List<T> list, int max) {
        return List.copyOf(list.subList(Math.max(0, list.size() - max), list.size()));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String orKeep(String update, String current) {
        return update == null ? current : update;
    }
}
