package io.leadflow.generator;

import io.leadflow.schema.event.LeadStatus;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Simulates one lead from capture to wherever it ends up, emitting its events. The walk is a loop
 * over the current status: marketing qualifies (INQUIRY → MQL) or parks leads (NURTURE,
 * DISQUALIFIED), sales accepts or hands back (SAL, RECYCLED), tries to reach the contact with a
 * realistic cadence, qualifies (SQL, sometimes skipping stages) and works opportunities to WON or
 * LOST; recycled and nurtured leads sometimes come back months later. Probabilities scale with the
 * source's quality. Events stop at the observation horizon, as in a real snapshot.
 *
 * <p>Invariants kept here (and asserted by {@link LeadTruthRecorder} and the tests): lead.created
 * comes first, event times strictly increase in whole seconds, a status change always changes the
 * status, DISQUALIFIED carries a reason, and OPPORTUNITY/WON/LOST come only from opportunity
 * events.
 */
final class LeadJourney {

    /** Contact outcomes of one round of sales attempts. */
    private enum Contact {
        NEVER,
        TRIED,
        BAD_DATA,
        UNRESPONSIVE,
        CONNECTED
    }

    private static final String CRM = "crm";
    private static final String MARKETING_AUTOMATION = "marketing-automation";
    private static final String SCORING_ENGINE = "scoring-engine";
    private static final String SITE = "https://www.leadflow-demo.example";
    private static final List<String> LANDING_PAGES =
            List.of("/demo", "/pricing", "/contact", "/ebook/lead-scoring-guide", "/trial");
    private static final List<String> PAGES =
            List.of("/pricing", "/features", "/customers", "/blog/speed-to-lead", "/integrations");

    /**
     * UTM-tagged touches after capture (source, campaign, medium): newsletters, retargeting and
     * social campaigns that bring a known lead back; they are what last-touch attribution credits.
     */
    private static final List<List<String>> TOUCH_CAMPAIGNS =
            List.of(
                    List.of("email", "nurture-newsletter", "email"),
                    List.of("google_ads", "retargeting", "cpc"),
                    List.of("linkedin", "abm-enterprise", "social"),
                    List.of("webinar", "product-webinar", "event"));

    private static final Set<String> ATTRIBUTABLE_KINDS =
            Set.of("email_click", "page_view", "webinar_attended", "content_download");

    private static final List<String> ASSETS =
            List.of("/ebook/lead-scoring-guide.pdf", "/whitepaper/funnel-benchmarks.pdf");
    private static final List<String> MARKETING_DISQUALIFY =
            List.of("student", "bad data", "duplicate", "competitor");
    private static final List<String> SALES_DISQUALIFY =
            List.of("no budget", "competitor", "student", "no authority", "not interested");
    private static final List<String> SALES_REJECT =
            List.of("not sales ready", "no project this year", "wrong persona");
    private static final List<String> RECYCLE_AFTER_TALK =
            List.of("timing - revisit next quarter", "no budget this year", "champion left");
    private static final List<String> LOSS_REASONS =
            List.of("price", "competitor", "no decision", "timing");

    private final String leadId;
    private final Instant capturedAt;
    private final LeadSourceProfile profile;
    private final String campaign;
    private final Dice dice;
    private final Instant horizon;
    private final double tempo;
    private final List<LeadEvent> events = new ArrayList<>();

    private Prospect prospect;
    private String team;
    private LeadStatus status;
    private String owner;
    private Instant clock;
    private boolean closed;
    private boolean finished;
    private boolean badContactData;
    private boolean enriched;
    private int reentries;
    private int opportunities;
    private long currentAmount;

    LeadJourney(
            String leadId,
            Instant capturedAt,
            LeadSourceProfile profile,
            String campaign,
            Dice dice,
            Instant horizon,
            double tempo) {
        this.leadId = leadId;
        this.capturedAt = capturedAt;
        this.profile = profile;
        this.campaign = campaign;
        this.dice = dice;
        this.horizon = horizon;
        this.tempo = tempo;
    }

    List<LeadEvent> walk() {
        capture();
        // A bound on steps guards against a probability table that would loop forever.
        for (int steps = 0; !closed && !finished && steps < 40; steps++) {
            switch (status) {
                case PROSPECT -> prospect();
                case INQUIRY -> inquiry();
                case MQL -> mql();
                case SAL -> salesWork(false);
                case SQL -> sql();
                case OPPORTUNITY -> opportunity();
                case LOST -> lost();
                case NURTURE -> nurture();
                case RECYCLED -> recycled();
                case WON, DISQUALIFIED -> finished = true;
            }
        }
        return List.copyOf(events);
    }

    private double quality() {
        return profile.quality();
    }

    // ---- capture -------------------------------------------------------------------------

    private void capture() {
        prospect = Prospect.draw(dice);
        team = SalesRoster.teamFor(prospect.country(), dice);
        // Purchased lists are notoriously full of stale phone numbers and e-mail addresses.
        badContactData = dice.chance(profile.listImport() ? 0.3 : 0.03 + 0.15 * (1 - quality()));

        ObjectNode payload = object();
        payload.put("channel", profile.channel());
        payload.put("leadSource", profile.leadSource());
        payload.put("campaign", campaign);
        payload.put("medium", profile.medium());
        if ("web_form".equals(profile.channel()) || "social".equals(profile.channel())) {
            payload.put("landingPage", dice.pick(LANDING_PAGES));
        }
        status = LeadStatus.INQUIRY;
        if (profile.listImport()) {
            status = LeadStatus.PROSPECT;
            payload.put("initialStatus", status.name());
        } else if ("partner".equals(profile.channel()) && dice.chance(0.4)) {
            // Partners often pass leads they already qualified.
            status = LeadStatus.MQL;
            payload.put("initialStatus", status.name());
        } else if (dice.chance(0.3)) {
            // Some forms state the default explicitly; consumers must treat both alike.
            payload.put("initialStatus", status.name());
        }
        if (profile.salesFirst() && !"chat".equals(profile.channel()) && dice.chance(0.5)) {
            owner = SalesRoster.repIn(team, dice);
            payload.put("owner", owner);
            payload.put("team", team);
            payload.put("territory", SalesRoster.territoryOf(team));
        }
        payload.set("firmographics", firmographics(!profile.listImport() || dice.chance(0.5)));
        payload.set("contact", contact());
        emit(LeadEvent.LEAD_CREATED, profile.captureSystem(campaign), Duration.ZERO, payload);

        switch (profile.channel()) {
            case "web_form", "social" -> {
                inbound("form_submit", Duration.ofSeconds(dice.between(1, 20)), null);
                if (dice.chance(0.5)) {
                    inbound("page_view", dice.logNormal(Duration.ofMinutes(2), 1), page());
                }
            }
            case "chat" -> inbound("chat", Duration.ofSeconds(dice.between(5, 120)), null);
            case "phone" -> inbound("call", Duration.ofSeconds(dice.between(2, 30)), null);
            case "event" -> {
                if ("webinar".equals(profile.leadSource())) {
                    inbound("webinar_attended", dice.logNormal(Duration.ofMinutes(40), 0.5), null);
                }
            }
            default -> {
                // Partner referrals and list imports arrive without a first touch.
            }
        }
    }

    private ObjectNode firmographics(boolean withSize) {
        ObjectNode firmographics = object();
        firmographics.put("company", prospect.company());
        firmographics.put("industry", prospect.industry());
        if (withSize) {
            firmographics.put("employees", prospect.employees());
            firmographics.put("revenueBand", prospect.revenueBand());
        }
        firmographics.put("country", prospect.country());
        firmographics.put("segment", prospect.segment());
        return firmographics;
    }

    private ObjectNode contact() {
        ObjectNode contact = object();
        contact.put("email", prospect.email());
        if (!profile.listImport() || dice.chance(0.6)) {
            contact.put("phone", prospect.phone());
        }
        contact.put("firstName", prospect.firstName());
        contact.put("lastName", prospect.lastName());
        contact.put("title", prospect.title());
        return contact;
    }

    // ---- lifecycle steps -----------------------------------------------------------------

    /** Purchased-list prospects: a few get cold outreach, a few engage with nurture e-mails. */
    private void prospect() {
        if (dice.chance(0.3)) {
            if (!assign(dice.logNormal(Duration.ofHours(20), 1.0))) {
                return;
            }
            Contact contact = attemptContact(dice.between(1, 6));
            if (contact == Contact.BAD_DATA && dice.chance(0.7)) {
                changeStatus(LeadStatus.DISQUALIFIED, hours(2), "bad data", owner, CRM);
            } else if (contact == Contact.CONNECTED && dice.chance(0.5)) {
                changeStatus(LeadStatus.INQUIRY, hours(1), "cold outreach response", owner, CRM);
            } else if (contact == Contact.CONNECTED && dice.chance(0.5)) {
                changeStatus(LeadStatus.DISQUALIFIED, hours(1), "not interested", owner, CRM);
            } else {
                finished = true;
            }
            return;
        }
        if (dice.chance(0.05 + 0.2 * quality())) {
            inbound("email_open", dice.logNormal(Duration.ofDays(12), 0.9), null);
            inbound("email_click", dice.logNormal(Duration.ofMinutes(1), 1), null);
            inbound("page_view", dice.logNormal(Duration.ofSeconds(20), 1), page());
            changeStatus(
                    LeadStatus.INQUIRY,
                    dice.logNormal(Duration.ofMinutes(5), 1),
                    "engaged",
                    MARKETING_AUTOMATION,
                    MARKETING_AUTOMATION);
            return;
        }
        finished = true;
    }

    private void inquiry() {
        double q = quality();
        String outcome =
                dice.weighted(
                        List.of("mql", "sales", "nurture", "disqualify", "idle"),
                        0.25 + 0.5 * q,
                        profile.salesFirst() ? 0.3 : 0.03 + 0.06 * q,
                        0.15,
                        0.04 + 0.12 * (1 - q),
                        0.2);
        // Hot leads qualify on their first visits; the rest browse for a while first.
        boolean hot = "mql".equals(outcome) || "sales".equals(outcome);
        engagement(hot ? dice.between(0, 1) : dice.between(0, 4));
        maybeEnrich();
        if (profile.salesFirst() && owner == null && !assign(dice.logNormal(minutes(10), 1.0))) {
            return;
        }
        switch (outcome) {
            case "mql" ->
                    changeStatus(
                            LeadStatus.MQL,
                            reentries == 0
                                    ? dice.logNormal(hours(1), 1.2)
                                    : dice.logNormal(hours(24), 1.4),
                            "score threshold reached",
                            SCORING_ENGINE,
                            MARKETING_AUTOMATION);
            // Demo requests and booth conversations go straight to sales: INQUIRY → SQL.
            case "sales" -> salesWork(true);
            case "nurture" ->
                    changeStatus(
                            LeadStatus.NURTURE,
                            dice.logNormal(Duration.ofDays(3), 1),
                            "not ready to buy",
                            MARKETING_AUTOMATION,
                            MARKETING_AUTOMATION);
            case "disqualify" ->
                    changeStatus(
                            LeadStatus.DISQUALIFIED,
                            dice.logNormal(hours(20), 1.2),
                            dice.pick(MARKETING_DISQUALIFY),
                            "marketing-ops",
                            CRM);
            default -> finished = true;
        }
    }

    private void mql() {
        // A few MQLs are never routed: the "leads sitting in an inbox" problem.
        if (owner == null && (dice.chance(0.04) || !assign(dice.logNormal(minutes(20), 1.2)))) {
            finished = true;
            return;
        }
        String outcome =
                dice.weighted(List.of("accept", "work", "reject", "ignore"), 0.7, 0.12, 0.08, 0.1);
        switch (outcome) {
            case "accept" ->
                    changeStatus(
                            LeadStatus.SAL,
                            dice.logNormal(minutes(30), 1.2),
                            "accepted",
                            owner,
                            CRM);
            // Reps who skip the acceptance click: MQL → SQL directly.
            case "work" -> salesWork(false);
            case "reject" ->
                    changeStatus(
                            LeadStatus.RECYCLED,
                            dice.logNormal(hours(8), 1.2),
                            dice.pick(SALES_REJECT),
                            owner,
                            CRM);
            default -> finished = true;
        }
    }

    /** Sales tries to reach the lead and, once connected, qualifies it. */
    private void salesWork(boolean hot) {
        if (owner == null && !assign(dice.logNormal(minutes(15), 1.0))) {
            return;
        }
        if (dice.chance(0.08)) {
            handOff(dice.logNormal(hours(6), 1.2));
        }
        Contact contact =
                attemptContact(
                        dice.weighted(
                                List.of(1, 2, 3, 4, 5, 6, 7),
                                0.1,
                                0.12,
                                0.15,
                                0.2,
                                0.18,
                                0.15,
                                0.1));
        double q = quality();
        switch (contact) {
            case CONNECTED -> qualifyAfterConnect(hot ? 0.85 : 0.25 + 0.45 * q);
            case BAD_DATA -> {
                if (dice.chance(0.7)) {
                    changeStatus(LeadStatus.DISQUALIFIED, hours(3), "bad data", owner, CRM);
                } else {
                    finished = true;
                }
            }
            case UNRESPONSIVE -> {
                String next = dice.weighted(List.of("recycle", "nurture", "idle"), 0.4, 0.3, 0.3);
                if ("recycle".equals(next)) {
                    changeStatus(LeadStatus.RECYCLED, hours(24), "no response", owner, CRM);
                } else if ("nurture".equals(next)) {
                    changeStatus(LeadStatus.NURTURE, hours(24), "unresponsive", owner, CRM);
                } else {
                    finished = true;
                }
            }
            default -> finished = true;
        }
    }

    private void qualifyAfterConnect(double sqlWeight) {
        if (dice.chance(0.5)) {
            outbound("meeting", "connected", dice.logNormal(Duration.ofDays(2), 0.8));
        }
        double q = quality();
        String outcome =
                dice.weighted(
                        List.of("sql", "disqualify", "recycle", "nurture", "idle"),
                        sqlWeight,
                        0.08 + 0.12 * (1 - q),
                        0.12,
                        0.1,
                        0.1);
        Duration decision = dice.logNormal(Duration.ofDays(2), 1);
        switch (outcome) {
            case "sql" -> changeStatus(LeadStatus.SQL, decision, "BANT met", owner, CRM);
            case "disqualify" ->
                    changeStatus(
                            LeadStatus.DISQUALIFIED,
                            decision,
                            dice.pick(SALES_DISQUALIFY),
                            owner,
                            CRM);
            case "recycle" ->
                    changeStatus(
                            LeadStatus.RECYCLED,
                            decision,
                            dice.pick(RECYCLE_AFTER_TALK),
                            owner,
                            CRM);
            case "nurture" ->
                    changeStatus(LeadStatus.NURTURE, decision, "not ready to buy", owner, CRM);
            default -> finished = true;
        }
    }

    private void sql() {
        double q = quality();
        String outcome =
                dice.weighted(
                        List.of("opportunity", "disqualify", "recycle", "idle"),
                        0.6 + 0.25 * q,
                        0.08,
                        0.07,
                        0.15);
        switch (outcome) {
            case "opportunity" -> createOpportunity(dice.logNormal(Duration.ofDays(3), 0.9));
            case "disqualify" ->
                    changeStatus(
                            LeadStatus.DISQUALIFIED,
                            dice.logNormal(Duration.ofDays(5), 0.8),
                            "no budget",
                            owner,
                            CRM);
            case "recycle" ->
                    changeStatus(
                            LeadStatus.RECYCLED,
                            dice.logNormal(Duration.ofDays(7), 0.8),
                            "timing - revisit next quarter",
                            owner,
                            CRM);
            default -> finished = true;
        }
    }

    private void opportunity() {
        String opportunityId = opportunityId();
        long amount = currentAmount;
        for (String stage : List.of("proposal", "negotiation").subList(0, dice.between(0, 2))) {
            if (dice.chance(0.3)) {
                amount = roundedAmount(amount * dice.uniform(0.8, 1.2));
            }
            ObjectNode payload = opportunityPayload("stage_changed", opportunityId);
            payload.put("stage", stage);
            payload.put("amount", amount);
            payload.put("currency", prospect.currency());
            if (!emit(
                    LeadEvent.OPPORTUNITY,
                    CRM,
                    dice.logNormal(Duration.ofDays(10), 0.7),
                    payload)) {
                return;
            }
        }
        currentAmount = amount;
        double q = quality();
        String outcome = dice.weighted(List.of("won", "lost", "open"), 0.2 + 0.35 * q, 0.45, 0.2);
        Duration decision = dice.logNormal(Duration.ofDays(14), 0.7);
        if ("won".equals(outcome)) {
            ObjectNode payload = opportunityPayload("won", opportunityId);
            payload.put("stage", "closed_won");
            payload.put("amount", amount);
            payload.put("currency", prospect.currency());
            opportunityEvent(payload, decision, LeadStatus.WON);
        } else if ("lost".equals(outcome)) {
            ObjectNode payload = opportunityPayload("lost", opportunityId);
            payload.put("stage", "closed_lost");
            payload.put("reason", dice.pick(LOSS_REASONS));
            opportunityEvent(payload, decision, LeadStatus.LOST);
        } else {
            finished = true;
        }
    }

    private void lost() {
        if (dice.chance(0.15)) {
            changeStatus(
                    LeadStatus.NURTURE,
                    dice.logNormal(Duration.ofDays(30), 0.5),
                    "closed lost - nurture",
                    MARKETING_AUTOMATION,
                    MARKETING_AUTOMATION);
        } else {
            finished = true;
        }
    }

    /** Nurtured leads occasionally wake up months later. */
    private void nurture() {
        if (reentries >= 2 || !dice.chance(0.25)) {
            finished = true;
            return;
        }
        reentries++;
        reengage(dice.logNormal(Duration.ofDays(40), 0.6));
        changeStatus(
                dice.chance(0.6) ? LeadStatus.MQL : LeadStatus.INQUIRY,
                dice.logNormal(minutes(30), 1),
                "re-engaged",
                SCORING_ENGINE,
                MARKETING_AUTOMATION);
    }

    /** A recycled lead re-enters the funnel as a new cycle, often with a new owner. */
    private void recycled() {
        if (reentries >= 2 || !dice.chance(0.45)) {
            finished = true;
            return;
        }
        reentries++;
        reengage(dice.logNormal(Duration.ofDays(50), 0.5));
        if (dice.chance(0.4)) {
            handOff(dice.logNormal(minutes(30), 1));
        }
        changeStatus(
                dice.chance(0.6) ? LeadStatus.MQL : LeadStatus.INQUIRY,
                dice.logNormal(minutes(30), 1),
                "re-engaged",
                MARKETING_AUTOMATION,
                MARKETING_AUTOMATION);
    }

    // ---- contact attempts ----------------------------------------------------------------

    /**
     * One sales cadence: the first attempt after a log-normal response delay (sometimes days,
     * sometimes never), then up to {@code maxAttempts} calls, e-mails and texts until someone
     * answers or the data proves bad.
     */
    private Contact attemptContact(int maxAttempts) {
        if (dice.chance(0.1)) {
            return Contact.NEVER;
        }
        Duration firstDelay =
                dice.chance(0.85)
                        ? dice.logNormal(minutes(90), 1.4)
                        : dice.logNormal(Duration.ofDays(3), 0.7);
        double connectRate = 0.12 + 0.35 * quality();
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            Duration gap =
                    attempt == 0
                            ? firstDelay
                            : dice.chance(0.4)
                                    ? dice.logNormal(hours(4), 1)
                                    : dice.logNormal(Duration.ofDays(2), 0.7);
            String kind = dice.weighted(List.of("call", "email_sent", "sms"), 0.55, 0.35, 0.1);
            if (badContactData && dice.chance(0.8)) {
                String disposition =
                        "email_sent".equals(kind)
                                ? dice.pick(List.of("bad_email", "bounced"))
                                : "wrong_number";
                return outbound(kind, disposition, gap) ? Contact.BAD_DATA : Contact.TRIED;
            }
            if (dice.chance(connectRate)) {
                String disposition =
                        "call".equals(kind)
                                ? dice.weighted(List.of("connected", "meeting_booked"), 0.8, 0.2)
                                : "meeting_booked";
                return outbound(kind, disposition, gap) ? Contact.CONNECTED : Contact.TRIED;
            }
            String disposition =
                    "call".equals(kind)
                            ? dice.weighted(
                                    List.of(
                                            "no_answer",
                                            "left_voicemail",
                                            "busy",
                                            "not_interested"),
                                    0.5,
                                    0.35,
                                    0.1,
                                    0.05)
                            : "sent";
            if (!outbound(kind, disposition, gap)) {
                return Contact.TRIED;
            }
            if (attempt + 1 >= LeadTruthRecorder.UNRESPONSIVE_ATTEMPTS
                    && attempt + 1 == maxAttempts) {
                return Contact.UNRESPONSIVE;
            }
        }
        return Contact.TRIED;
    }

    // ---- engagement ----------------------------------------------------------------------

    private void engagement(int touches) {
        for (int i = 0; i < touches && !closed; i++) {
            String kind =
                    dice.weighted(
                            List.of(
                                    "page_view",
                                    "email_open",
                                    "email_click",
                                    "content_download",
                                    "form_submit",
                                    "webinar_attended",
                                    "rfq",
                                    "unsubscribe"),
                            0.4,
                            0.25,
                            0.12,
                            0.1,
                            0.05,
                            0.04,
                            0.02,
                            0.02);
            Duration gap = dice.logNormal(hours(10), 1.5);
            String url =
                    switch (kind) {
                        case "page_view" -> page();
                        case "content_download" -> SITE + dice.pick(ASSETS);
                        default -> null;
                    };
            inbound(kind, gap, url);
            if ("unsubscribe".equals(kind)) {
                ObjectNode consent = object();
                consent.put("email", false);
                ObjectNode payload = object();
                payload.set("consent", consent);
                emit(LeadEvent.LEAD_UPDATED, MARKETING_AUTOMATION, Duration.ofSeconds(1), payload);
                return;
            }
        }
    }

    private void reengage(Duration after) {
        inbound(dice.pick(List.of("email_click", "page_view", "webinar_attended")), after, null);
        inbound("page_view", dice.logNormal(minutes(3), 1), page());
    }

    /** Data vendors fill in company size later; a lead.updated carries only what changed. */
    private void maybeEnrich() {
        if (enriched || !dice.chance(0.1)) {
            return;
        }
        enriched = true;
        ObjectNode firmographics = object();
        firmographics.put("employees", prospect.employees());
        firmographics.put("revenueBand", prospect.revenueBand());
        firmographics.put("segment", prospect.segment());
        ObjectNode payload = object();
        payload.set("firmographics", firmographics);
        emit(LeadEvent.LEAD_UPDATED, "enrichment", dice.logNormal(hours(1), 1), payload);
    }

    // ---- emitting ------------------------------------------------------------------------

    private boolean assign(Duration after) {
        String rep = SalesRoster.repIn(team, dice);
        if (!emit(LeadEvent.LEAD_ASSIGNED, CRM, after, assignment(rep))) {
            return false;
        }
        owner = rep;
        return true;
    }

    private void handOff(Duration after) {
        if (owner == null) {
            assign(after);
            return;
        }
        if (dice.chance(0.2)) {
            // Cross-team hand-offs happen when territories are rebalanced.
            team = SalesRoster.TEAMS.get((SalesRoster.TEAMS.indexOf(team) + 1) % 4);
        }
        String rep = SalesRoster.otherRep(owner, team, dice);
        if (emit(LeadEvent.LEAD_ASSIGNED, CRM, after, assignment(rep))) {
            owner = rep;
        }
    }

    private ObjectNode assignment(String rep) {
        ObjectNode payload = object();
        payload.put("owner", rep);
        payload.put("team", team);
        payload.put("territory", SalesRoster.territoryOf(team));
        if ("partner".equals(profile.channel())) {
            payload.put("partner", campaign);
        }
        return payload;
    }

    /**
     * Now and then a CRM sync sets a won deal back to an earlier stage. The default transition
     * policy refuses that, so the lead stays WON and the event shows up as a rejected transition.
     */
    private void crmGlitchAfterWin() {
        if (!dice.chance(0.08)) {
            return;
        }
        ObjectNode payload = object();
        payload.put("status", dice.pick(List.of("SAL", "SQL")));
        payload.put("reason", "crm sync");
        payload.put("actor", CRM);
        emit(LeadEvent.LEAD_STATUS_CHANGED, CRM, dice.logNormal(Duration.ofDays(3), 0.8), payload);
    }

    private void changeStatus(
            LeadStatus to, Duration after, String reason, String actor, String system) {
        if (to == status || reachedOnlyThroughOpportunity(to)) {
            throw new IllegalStateException("generator bug: " + status + " -> " + to);
        }
        if (to == LeadStatus.DISQUALIFIED && reason == null) {
            throw new IllegalStateException("generator bug: DISQUALIFIED without reason");
        }
        ObjectNode payload = object();
        payload.put("status", to.name());
        if (reason != null) {
            payload.put("reason", reason);
        }
        payload.put("actor", actor);
        if (emit(LeadEvent.LEAD_STATUS_CHANGED, system, after, payload)) {
            status = to;
        }
    }

    private void createOpportunity(Duration after) {
        opportunities++;
        double base =
                switch (prospect.segment()) {
                    case "SMB" -> 8_000;
                    case "mid-market" -> 40_000;
                    default -> 150_000;
                };
        currentAmount = roundedAmount(dice.logNormal(base, 0.6));
        ObjectNode payload = opportunityPayload("created", opportunityId());
        payload.put("stage", "discovery");
        payload.put("amount", currentAmount);
        payload.put("currency", prospect.currency());
        opportunityEvent(payload, after, LeadStatus.OPPORTUNITY);
    }

    private void opportunityEvent(ObjectNode payload, Duration after, LeadStatus reached) {
        if (emit(LeadEvent.OPPORTUNITY, CRM, after, payload)) {
            status = reached;
            if (reached == LeadStatus.WON) {
                crmGlitchAfterWin();
                finished = true;
            }
        }
    }

    private ObjectNode opportunityPayload(String action, String opportunityId) {
        ObjectNode payload = object();
        payload.put("action", action);
        payload.put("opportunityId", opportunityId);
        return payload;
    }

    private String opportunityId() {
        return "opp-" + leadId + "-" + opportunities;
    }

    private static long roundedAmount(double amount) {
        return Math.max(100, Math.round(amount / 100.0) * 100);
    }

    private void inbound(String kind, Duration after, String url) {
        ObjectNode payload = object();
        payload.put("kind", kind);
        payload.put("direction", "inbound");
        if (url != null) {
            payload.put("url", url);
        }
        if (ATTRIBUTABLE_KINDS.contains(kind) && !events.isEmpty() && dice.chance(0.25)) {
            List<String> utm = dice.pick(TOUCH_CAMPAIGNS);
            payload.put("leadSource", utm.get(0));
            payload.put("campaign", utm.get(1));
            payload.put("medium", utm.get(2));
        }
        String system =
                switch (kind) {
                    case "email_open", "email_click", "unsubscribe" -> MARKETING_AUTOMATION;
                    case "webinar_attended" -> "webinar-platform";
                    case "chat" -> "chat";
                    case "call" -> CRM;
                    default -> "web";
                };
        emit(LeadEvent.ACTIVITY, system, after, payload);
    }

    private boolean outbound(String kind, String disposition, Duration after) {
        ObjectNode payload = object();
        payload.put("kind", kind);
        payload.put("direction", "outbound");
        payload.put("actor", owner);
        payload.put("disposition", disposition);
        return emit(LeadEvent.ACTIVITY, CRM, after, payload);
    }

    /**
     * Appends an event {@code after} the previous one (at least one second later, scaled by the
     * tempo). Returns false, and closes the journey, once the horizon is passed.
     */
    private boolean emit(String type, String system, Duration after, ObjectNode payload) {
        if (closed) {
            return false;
        }
        Instant at;
        if (clock == null) {
            at = capturedAt;
        } else {
            long seconds = Math.max(1L, Math.round(after.toSeconds() / tempo));
            at = clock.plusSeconds(seconds);
        }
        if (at.isAfter(horizon)) {
            closed = true;
            return false;
        }
        clock = at;
        events.add(new LeadEvent(nextEventId(), type, leadId, at, system, payload));
        return true;
    }

    /** Name-based UUIDs: unique per lead and position, independent of the random stream. */
    private String nextEventId() {
        String name = leadId + "/" + events.size();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private String page() {
        return SITE + dice.pick(PAGES);
    }

    private static Duration hours(long hours) {
        return Duration.ofHours(hours);
    }

    private static Duration minutes(long minutes) {
        return Duration.ofMinutes(minutes);
    }

    private static ObjectNode object() {
        return LeadEvent.JSON.createObjectNode();
    }

    /** Statuses a lead only reaches through {@code opportunity} events, never status_changed. */
    private static boolean reachedOnlyThroughOpportunity(LeadStatus status) {
        return status == LeadStatus.OPPORTUNITY
                || status == LeadStatus.WON
                || status == LeadStatus.LOST;
    }
}
