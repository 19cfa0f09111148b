package io.leadflow.jobs.lifecycle;

import io.leadflow.schema.event.LeadStatus;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The order of the funnel: PROSPECT, INQUIRY, MQL, SAL, SQL, OPPORTUNITY, WON. LOST, DISQUALIFIED,
 * NURTURE and RECYCLED are exits: outside the order, they imply no stage (SPEC section 2). A win
 * implies the opportunity before it; a loss implies nothing, so {@code INQUIRY -> LOST} does not
 * count as reaching MQL, SAL, SQL or OPPORTUNITY.
 */
public final class FunnelStage {

    private static final List<LeadStatus> ORDER =
            List.of(
                    LeadStatus.PROSPECT,
                    LeadStatus.INQUIRY,
                    LeadStatus.MQL,
                    LeadStatus.SAL,
                    LeadStatus.SQL,
                    LeadStatus.OPPORTUNITY,
                    LeadStatus.WON);

    /** The exits from which coming back into the funnel starts a new cycle. */
    private static final Set<LeadStatus> RE_ENTRY_FROM =
            EnumSet.of(LeadStatus.RECYCLED, LeadStatus.NURTURE, LeadStatus.DISQUALIFIED);

    /** The stages where sales owes the lead an action: INQUIRY up to OPPORTUNITY. */
    private static final Set<LeadStatus> OPEN =
            EnumSet.of(
                    LeadStatus.INQUIRY,
                    LeadStatus.MQL,
                    LeadStatus.SAL,
                    LeadStatus.SQL,
                    LeadStatus.OPPORTUNITY);

    private FunnelStage() {}

    /** The status's rank in the funnel (PROSPECT 0 .. WON 6), or -1 for an exit. */
    public static int rank(LeadStatus status) {
        return ORDER.indexOf(status);
    }

    /** {@link #rank(LeadStatus)} of a status name; -1 for the empty status too. */
    public static int rank(String status) {
        return status.isEmpty() ? -1 : rank(LeadStatus.valueOf(status));
    }

    /**
     * The stages a move from {@code fromRank} to {@code toRank} passes without naming them: those
     * strictly between, in order. From below the funnel ({@code fromRank} -1, the first funnel
     * entry of a cycle) the stages from INQUIRY up are passed (reach is cumulative), never
     * PROSPECT: a purchased-list import is not a stage every lead goes through.
     */
    public static List<LeadStatus> between(int fromRank, int toRank) {
        List<LeadStatus> stages = new ArrayList<>();
        for (int r = Math.max(fromRank, rank(LeadStatus.PROSPECT)) + 1; r < toRank; r++) {
            stages.add(ORDER.get(r));
        }
        return stages;
    }

    /** Whether moving from {@code from} to {@code to} is a re-entry that starts a new cycle. */
    public static boolean startsNewCycle(String from, LeadStatus to) {
        return !from.isEmpty() && RE_ENTRY_FROM.contains(LeadStatus.valueOf(from)) && rank(to) >= 0;
    }

    /** Whether sales owes a lead in {@code status} an action (INQUIRY to OPPORTUNITY). */
    public static boolean isOpen(String status) {
        return !status.isEmpty() && OPEN.contains(LeadStatus.valueOf(status));
    }
}
