package io.leadflow.jobs.sla;

/**
 * Something a sales manager or rep should hear about a lead, raised by the alerting stage: an SLA
 * warning, breach, resolution or escalation, a missed follow-up cadence, a hot lead, or a scheduled
 * summary of untouched leads. {@code alertId} is stable (what, for whom and since when), so a
 * receiver can drop the duplicate a restart may send again.
 *
 * @param alertId stable id: leadId/rule/start (epoch ms)/kind for lead alerts, {@code
 *     untouched/owner/report time/UNTOUCHED} for summaries
 * @param kind what happened
 * @param policy the SLA policy or hot-lead rule that raised it ({@code untouched} for summaries)
 * @param leadId the lead; empty for an untouched summary, which covers many
 * @param owner the lead's owner when the alert was raised, empty if unassigned
 * @param team the owner's team, empty if unknown
 * @param recipient who should act: the owner, or for an escalation the policy's {@code escalateTo}
 * @param startedAtMillis when the clock started (the triggering event for a hot lead, the report
 *     time for a summary)
 * @param dueAtMillis when the deadline falls (escalation, cadence: when it was due); equal to
 *     startedAtMillis for kinds without a deadline
 * @param stoppedAtMillis when the stop condition was met, or null
 * @param raisedAtMillis processing time the alert was raised
 * @param freshUntilMillis the last wall-clock moment at which the alert is still news and may page
 *     somebody: its moment (the deadline, the hot activity, the report time...) plus the rule's
 *     {@code freshFor}; {@link #NEVER} for an alert that must not page at all (the resolution of a
 *     breach nobody was paged for). Whatever happened before (a replay, a restart after an outage,
 *     a pipeline that fell behind), an alert is paged only up to this moment
 * @param detail a short human-readable explanation (which activity made a lead hot, how many
 *     attempts a cadence saw, which leads a summary lists); empty when the kind says it all
 */
public record SlaAlert(
        String alertId,
        Kind kind,
        String policy,
        String leadId,
        String owner,
        String team,
        String recipient,
        long startedAtMillis,
        long dueAtMillis,
        Long stoppedAtMillis,
        long raisedAtMillis,
        long freshUntilMillis,
        String detail) {

    /** {@link #freshUntilMillis()} of an alert that never pages anybody. */
    public static final long NEVER = Long.MIN_VALUE;

    /**
     * Whether the alert was news when it was raised (recorded as {@code live} in the alerts topic
     * and {@code sla_alerts}): false for replayed history and for anything found after its {@code
     * freshFor} had passed.
     */
    public boolean live() {
        return raisedAtMillis <= freshUntilMillis;
    }

    /** Whether the alert may still page somebody at wall-clock time {@code nowMillis}. */
    public boolean pageableAt(long nowMillis) {
        return live() && nowMillis <= freshUntilMillis;
    }

    /** The moment plus {@code freshFor}, saturating instead of overflowing. */
    public static long freshUntil(long momentMillis, java.time.Duration freshFor) {
        long until = momentMillis + freshFor.toMillis();
        return until < momentMillis ? Long.MAX_VALUE : until;
    }

    /** Who should act on an alert about a lead: its owner, else the team, else nobody named. */
    public static String recipientOf(String owner, String team) {
        return !owner.isEmpty() ? owner : team;
    }

    /** What happened; {@link #type()} is the name on the alerts topic. */
    public enum Kind {
        WARNING("sla.warning"),
        BREACH("sla.breach"),
        RESOLVED("sla.resolved"),
        ESCALATION("sla.escalation"),
        CADENCE("sla.cadence"),
        HOT_LEAD("lead.hot"),
        UNTOUCHED("leads.untouched");

        private final String type;

        Kind(String type) {
            this.type = type;
        }

        public String type() {
            return type;
        }
    }
}
