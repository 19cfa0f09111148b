package io.leadflow.jobs.lifecycle;

import io.leadflow.schema.event.LeadStatus;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which status changes a lead may make, as agreed by sales and marketing: for each status, the
 * statuses it may move to. A change the policy forbids does not happen; the lifecycle records it as
 * a rejected transition with a reason instead, so a CRM glitch such as a won deal set back to SQL
 * cannot corrupt the funnel, and the sales-ops team sees it.
 *
 * <p>Written as rules separated by {@code ;}, each {@code FROM -> TO, TO, ...}; {@code *} as FROM
 * covers every status without a rule of its own, and {@code *} as TO allows everything. A lead's
 * first status is never checked. The default allows every move except: after WON only a recycle (a
 * new cycle), and PROSPECT (a purchased-list import not yet engaged) only as a first status.
 */
public final class TransitionPolicy implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The default rules, as text. */
    public static final String DEFAULT_RULES =
            "WON -> RECYCLED; * -> INQUIRY, MQL, SAL, SQL, OPPORTUNITY, WON, LOST, DISQUALIFIED,"
                    + " NURTURE, RECYCLED";

    private final Map<LeadStatus, Set<LeadStatus>> allowed;
    private final Set<LeadStatus> otherwise;
    private final String text;

    private TransitionPolicy(
            Map<LeadStatus, Set<LeadStatus>> allowed, Set<LeadStatus> otherwise, String text) {
        this.allowed = allowed;
        this.otherwise = otherwise;
        this.text = text;
    }

    /** The default policy, {@link #DEFAULT_RULES}. */
    public static TransitionPolicy defaults() {
        return parse(DEFAULT_RULES);
    }

    /** A policy that allows every change. */
    public static TransitionPolicy allowingAll() {
        return parse("* -> *");
    }

    /**
     * Parses rules such as {@code WON -> RECYCLED; * -> *}.
     *
     * @throws IllegalArgumentException naming the rule that is wrong and why
     */
    public static TransitionPolicy parse(String text) {
        Map<LeadStatus, Set<LeadStatus>> allowed = new EnumMap<>(LeadStatus.class);
        Set<LeadStatus> otherwise = null;
        for (String rule : text.split(";")) {
            if (rule.isBlank()) {
                continue;
            }
            String[] sides = rule.split("->", -1);
            if (sides.length != 2) {
                throw new IllegalArgumentException(
                        "rule '" + rule.strip() + "' must look like FROM -> TO, TO, ...");
            }
            String from = sides[0].strip();
            Set<LeadStatus> targets = targets(rule.strip(), sides[1]);
            if (from.equals("*")) {
                if (otherwise != null) {
                    throw new IllegalArgumentException("'*' has more than one rule");
                }
                otherwise = targets;
            } else {
                LeadStatus status = status(rule.strip(), from);
                if (allowed.put(status, targets) != null) {
                    throw new IllegalArgumentException(status + " has more than one rule");
                }
            }
        }
        return new TransitionPolicy(
                allowed,
                otherwise == null ? EnumSet.allOf(LeadStatus.class) : otherwise,
                text.strip());
    }

    /** Whether a lead in {@code from} may move to {@code to}; a first status is always allowed. */
    public boolean allows(String from, LeadStatus to) {
        return from.isEmpty() || targetsOf(LeadStatus.valueOf(from)).contains(to);
    }

    /** Why {@code from -> to} is refused, for the rejected transition's reason. */
    public String refusal(String from, LeadStatus to) {
        Set<LeadStatus> targets = targetsOf(LeadStatus.valueOf(from));
        String after =
                targets.isEmpty()
                        ? "no change is allowed after " + from
                        : "after "
                                + from
                                + " only "
                                + targets.stream()
                                        .map(LeadStatus::name)
                                        .collect(Collectors.joining(", "));
        return from + " -> " + to + " is not an allowed transition (" + after + ")";
    }

    private Set<LeadStatus> targetsOf(LeadStatus from) {
        return allowed.getOrDefault(from, otherwise);
    }

    private static Set<LeadStatus> targets(String rule, String side) {
        if (side.strip().equals("*")) {
            return EnumSet.allOf(LeadStatus.class);
        }
        Set<LeadStatus> targets = EnumSet.noneOf(LeadStatus.class);
        for (String name : side.split(",")) {
            if (!name.isBlank()) {
                targets.add(status(rule, name.strip()));
            }
        }
        return targets;
    }

    private static LeadStatus status(String rule, String name) {
        try {
            return LeadStatus.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "rule '"
                            + rule
                            + "': '"
                            + name
                            + "' is not a status (one of "
                            + Arrays.stream(LeadStatus.values())
                                    .map(LeadStatus::name)
                                    .collect(Collectors.joining(", "))
                            + ")");
        }
    }

    /** The rules as given. */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransitionPolicy p
                && allowed.equals(p.allowed)
                && otherwise.equals(p.otherwise);
    }

    @Override
    public int hashCode() {
        return allowed.hashCode() * 31 + otherwise.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    /** Every status pair the policy forbids, for documentation and tests. */
    public List<String> forbidden() {
        List<String> pairs = new ArrayList<>();
        for (LeadStatus from : LeadStatus.values()) {
            for (LeadStatus to : LeadStatus.values()) {
                if (from != to && !targetsOf(from).contains(to)) {
                    pairs.add(from + " -> " + to);
                }
            }
        }
        return pairs;
    }
}
