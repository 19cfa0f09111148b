package io.leadflow.jobs.aggregate;

import io.leadflow.jobs.lifecycle.FunnelStage;
import io.leadflow.jobs.lifecycle.LeadLifecycle.Derivation;
import io.leadflow.jobs.lifecycle.LeadSnapshot;
import io.leadflow.jobs.lifecycle.Transition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.leadflow.jobs.aggregate.Aggregate.COHORT_REACH;
import static io.leadflow.jobs.aggregate.Aggregate.FUNNEL_FLOW;
import static io.leadflow.jobs.aggregate.Aggregate.SOURCE_METRICS;
import static io.leadflow.jobs.aggregate.Aggregate.SPEED_TO_LEAD;
import static io.leadflow.jobs.aggregate.Aggregate.STAGE_OPEN;
import static io.leadflow.jobs.aggregate.Aggregate.STAGE_VELOCITY;
import static io.leadflow.jobs.aggregate.EventDays.day;
import static io.leadflow.jobs.aggregate.EventDays.month;
import static io.leadflow.jobs.aggregate.EventDays.seconds;

/**
 * What one lead contributes to the funnel aggregates, as a pure function of its derivation. Each
 * definition here has a twin in SQL over the per-lead views ({@code schemas/README.md} gives both
 * in words), and a test asserts that the tables the job maintains equal the views' answers.
 *
 * <p>Every period is the UTC day or month of the moment counted (an entry, a win, the start of a
 * response clock), never of "now"; dimensions are the lead's as they stand (its first-touch source
 * and campaign, segment, channel), except the owner of a response, who is the one who made it. Only
 * leads whose {@code lead.created} was seen count in the cohort, source and speed-to-lead figures;
 * flows and stage velocity count every lead with transitions.
 */
public final class LeadContributions {

    /** Exits and the counter each is counted in. */
    private static final Map<String, String> EXIT_COUNTERS =
            Map.of(
                    "LOST", "lost",
                    "DISQUALIFIED", "disqualified",
                    "NURTURE", "nurtured",
                    "RECYCLED", "recycled");

    static final String UNIT_LEAD = "lead";
    static final String UNIT_FIRST_CYCLE = "first_cycle";
    static final String UNIT_CYCLE = "cycle";

    private LeadContributions() {}

    /** Everything the lead contributes, per aggregate row. */
    public static Map<AggregateKey, Measures> of(Derivation derivation) {
        Contributions c = new Contributions();
        LeadSnapshot lead = derivation.lead();
        List<Transition> transitions = derivation.transitions();
        flow(c, lead, transitions);
        velocity(c, lead, transitions);
        if (lead.createdAt() != null) {
            cohorts(c, lead, transitions);
            sources(c, lead, transitions);
            speed(c, lead);
        }
        return c.toMap();
    }

    /**
     * Whether two derivations of a lead contribute the same: they agree on everything {@link #of}
     * reads. Most events (an activity, an assignment) change nothing the aggregates count, and the
     * job then skips recomputing the contributions.
     */
    public static boolean sameInputs(Derivation a, Derivation b) {
        LeadSnapshot x = a.lead();
        LeadSnapshot y = b.lead();
        return a.transitions().equals(b.transitions())
                && Objects.equals(x.createdAt(), y.createdAt())
                && Objects.equals(x.leadSource(), y.leadSource())
                && Objects.equals(x.campaign(), y.campaign())
                && Objects.equals(x.segment(), y.segment())
                && Objects.equals(x.channel(), y.channel())
                && Objects.equals(x.lastTouchSource(), y.lastTouchSource())
                && Objects.equals(x.lastTouchCampaign(), y.lastTouchCampaign())
                && Objects.equals(x.responseStartedAt(), y.responseStartedAt())
                && Objects.equals(x.firstResponseAt(), y.firstResponseAt())
                && Objects.equals(x.firstResponseOwner(), y.firstResponseOwner())
                && Objects.equals(x.firstResponseTeam(), y.firstResponseTeam())
                && Objects.equals(x.owner(), y.owner())
                && Objects.equals(x.team(), y.team())
                && Objects.equals(x.firstConnectAt(), y.firstConnectAt())
                && Objects.equals(x.attemptsToConnect(), y.attemptsToConnect())
                && Objects.equals(x.qualifiedAt(), y.qualifiedAt())
                && Objects.equals(
                        x.firstAttemptAfterQualifiedAt(), y.firstAttemptAfterQualifiedAt());
    }

    /** The kind of exit a move from {@code from} to {@code to} is, as its counter's name. */
    public static String exitKind(String from, String to) {
        String exit = EXIT_COUNTERS.get(to);
        if (exit != null) {
            return exit;
        }
        int fromRank = FunnelStage.rank(from);
        if (fromRank < 0) {
            return "reentered";
        }
        return FunnelStage.rank(to) > fromRank ? "advanced" : "moved_back";
    }

    private static void flow(Contributions c, LeadSnapshot lead, List<Transition> transitions) {
        for (Transition t : transitions) {
            String day = day(t.occurredAtMillis());
            c.add(
                    FUNNEL_FLOW,
                    "entered",
                    1,
                    day,
                    lead.leadSource(),
                    lead.campaign(),
                    lead.segment(),
                    t.toStatus());
            if (t.implied()) {
                c.add(
                        FUNNEL_FLOW,
                        "entered_implied",
                        1,
                        day,
                        lead.leadSource(),
                        lead.campaign(),
                        lead.segment(),
                        t.toStatus());
            }
            if (!t.fromStatus().isEmpty()) {
                String[] row = {
                    day, lead.leadSource(), lead.campaign(), lead.segment(), t.fromStatus()
                };
                c.add(FUNNEL_FLOW, "exited", 1, row);
                c.add(FUNNEL_FLOW, exitKind(t.fromStatus(), t.toStatus()), 1, row);
            }
        }
    }

    private static void velocity(Contributions c, LeadSnapshot lead, List<Transition> transitions) {
        Transition stay = null;
        for (Transition t : transitions) {
            if (t.implied()) {
                continue;
            }
            if (stay != null) {
                long secondsInStage =
                        seconds(t.occurredAtMillis()) - seconds(stay.occurredAtMillis());
                String[] row = {
                    month(t.occurredAtMillis()), lead.leadSource(), stay.toStatus(), t.toStatus()
                };
                c.add(STAGE_VELOCITY, "moves", 1, row);
                c.add(STAGE_VELOCITY, "seconds_sum", secondsInStage, row);
                c.duration(STAGE_VELOCITY, "seconds", secondsInStage, row);
            }
            stay = t;
        }
        if (stay != null) {
            c.add(
                    STAGE_OPEN,
                    "leads",
                    1,
                    day(stay.occurredAtMillis()),
                    lead.leadSource(),
                    stay.toStatus());
        }
    }

    private static void cohorts(Contributions c, LeadSnapshot lead, List<Transition> transitions) {
        long createdAt = lead.createdAt();
        String cohortDay = day(createdAt);
        reach(c, UNIT_LEAD, cohortDay, createdAt, lead, firstEntries(transitions, 0));
        reach(c, UNIT_FIRST_CYCLE, cohortDay, createdAt, lead, firstEntries(transitions, 1));
        Map<Integer, Long> cycleStarts = new LinkedHashMap<>();
        for (Transition t : transitions) {
            cycleStarts.putIfAbsent(t.cycle(), t.occurredAtMillis());
        }
        cycleStarts.forEach(
                (cycle, start) ->
                        reach(
                                c,
                                UNIT_CYCLE,
                                day(start),
                                start,
                                lead,
                                firstEntries(transitions, cycle)));
    }

    /** The first entry into each status, in cycle {@code cycle} only (any cycle for 0). */
    private static Map<String, Long> firstEntries(List<Transition> transitions, int cycle) {
        Map<String, Long> first = new LinkedHashMap<>();
        for (Transition t : transitions) {
            if (cycle == 0 || t.cycle() == cycle) {
                first.putIfAbsent(t.toStatus(), t.occurredAtMillis());
            }
        }
        return first;
    }

    private static void reach(
            Contributions c,
            String unit,
            String cohortDay,
            long startMillis,
            LeadSnapshot lead,
            Map<String, Long> firstEntries) {
        c.add(
                COHORT_REACH,
                "members",
                1,
                unit,
                cohortDay,
                lead.leadSource(),
                lead.campaign(),
                "",
                "0");
        firstEntries.forEach(
                (stage, at) ->
                        c.add(
                                COHORT_REACH,
                                "members",
                                1,
                                unit,
                                cohortDay,
                                lead.leadSource(),
                                lead.campaign(),
                                stage,
                                Long.toString(EventDays.daysUpTo(startMillis, at))));
    }

    private static void sources(Contributions c, LeadSnapshot lead, List<Transition> transitions) {
        List<String[]> attributions = new ArrayList<>(2);
        attributions.add(new String[] {"first_touch", lead.leadSource(), lead.campaign()});
        attributions.add(
                new String[] {"last_touch", lead.lastTouchSource(), lead.lastTouchCampaign()});
        Map<String, Long> first = firstEntries(transitions, 0);
        for (String[] a : attributions) {
            c.add(SOURCE_METRICS, "leads", 1, month(lead.createdAt()), a[0], a[1], a[2], "");
            Long mql = first.get("MQL");
            if (mql != null) {
                c.add(SOURCE_METRICS, "reached_mql", 1, month(mql), a[0], a[1], a[2], "");
            }
            Long sql = first.get("SQL");
            if (sql != null) {
                c.add(SOURCE_METRICS, "reached_sql", 1, month(sql), a[0], a[1], a[2], "");
            }
            for (Transition t : transitions) {
                boolean opportunity = t.toStatus().equals("OPPORTUNITY");
                boolean win = t.toStatus().equals("WON");
                if (!opportunity && !win) {
                    continue;
                }
                String[] row = {month(t.occurredAtMillis()), a[0], a[1], a[2], t.currency()};
                c.add(SOURCE_METRICS, opportunity ? "opportunities" : "won", 1, row);
                c.add(
                        SOURCE_METRICS,
                        opportunity ? "pipeline_amount_milli" : "won_amount_milli",
                        milli(t.amount()),
                        row);
            }
        }
    }

    /** An amount in thousandths, rounded half up, so sums of amounts are exact. */
    public static long milli(Double amount) {
        return amount == null ? 0 : (long) Math.floor(amount * 1000 + 0.5);
    }

    private static void speed(Contributions c, LeadSnapshot lead) {
        Long startedAt = lead.responseStartedAt();
        if (startedAt == null) {
            return;
        }
        boolean responded = lead.firstResponseAt() != null;
        String[] row = {
            day(startedAt),
            lead.leadSource(),
            responded ? lead.firstResponseOwner() : lead.owner(),
            responded ? lead.firstResponseTeam() : lead.team(),
            lead.channel(),
            Integer.toString(EventDays.hour(startedAt))
        };
        long start = seconds(startedAt);
        c.add(SPEED_TO_LEAD, "leads", 1, row);
        if (responded) {
            long wait = seconds(lead.firstResponseAt()) - start;
            c.add(SPEED_TO_LEAD, "contacted", 1, row);
            c.add(SPEED_TO_LEAD, "contacted_within_5m", wait <= 300 ? 1 : 0, row);
            c.add(SPEED_TO_LEAD, "contacted_within_1h", wait <= 3_600 ? 1 : 0, row);
            c.add(SPEED_TO_LEAD, "contacted_within_24h", wait <= 86_400 ? 1 : 0, row);
            c.duration(SPEED_TO_LEAD, "wait", wait, row);
        }
        // Compared on whole seconds, as the per-lead columns hold them.
        if (lead.firstConnectAt() != null && seconds(lead.firstConnectAt()) >= start) {
            c.add(SPEED_TO_LEAD, "connected", 1, row);
            Integer attempts = lead.attemptsToConnect();
            c.add(SPEED_TO_LEAD, "attempts_to_connect_sum", attempts == null ? 0 : attempts, row);
            c.duration(SPEED_TO_LEAD, "connect", seconds(lead.firstConnectAt()) - start, row);
        }
        if (lead.qualifiedAt() != null) {
            c.add(SPEED_TO_LEAD, "qualified", 1, row);
            if (lead.firstAttemptAfterQualifiedAt() != null) {
                c.add(SPEED_TO_LEAD, "qualified_contacted", 1, row);
                c.duration(
                        SPEED_TO_LEAD,
                        "from_qualified",
                        seconds(lead.firstAttemptAfterQualifiedAt()) - seconds(lead.qualifiedAt()),
                        row);
            }
        }
    }
}
