package io.leadflow.jobs.lifecycle;

import io.leadflow.schema.event.LeadStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * The order of the funnel: PROSPECT, INQUIRY, MQL, SAL, SQL, OPPORTUNITY, then WON or LOST as the
 * shared last rank. DISQUALIFIED, NURTURE and RECYCLED are side states outside it.
 */
public final class FunnelStage {

    private static final List<LeadStatus> ORDER =
            List.of(
                    LeadStatus.PROSPECT,
                    LeadStatus.INQUIRY,
                    LeadStatus.MQL,
                    LeadStatus.SAL,
                    LeadStatus.SQL,
                    LeadStatus.OPPORTUNITY);

    private FunnelStage() {}

    /** The status's rank in the funnel, or -1 for side states. */
    public static int rank(LeadStatus status) {
        if (status == LeadStatus.WON || status == LeadStatus.LOST) {
            return ORDER.size();
        }
        return ORDER.indexOf(status);
    }

    /** The funnel stages strictly between two ranks, in order (empty unless moving up 2+). */
    public static List<LeadStatus> between(int fromRank, int toRank) {
        List<LeadStatus> stages = new ArrayList<>();
        for (int r = fromRank + 1; r < toRank && r < ORDER.size(); r++) {
            stages.add(ORDER.get(r));
        }
        return stages;
    }
}
