package io.leadflow.jobs.scoring;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One version of a lead-scoring model, as agreed by sales and marketing (SPEC section 6): fit rules
 * on what the lead is, engagement rules on what it does, negative rules that never decay, caps per
 * rule, per group and on the total, a decay of engagement in event time, a grade, and the
 * sales-ready definition with its hysteresis. Immutable; read from JSON by {@link
 * ScoringModelParser}, which is where each field's meaning and limits are documented.
 *
 * @param version the version, unique per model, e.g. {@code v2}
 * @param fit the fit group
 * @param engagement the engagement group
 * @param negative rules that take points away and do not decay
 * @param totalCap the most the combined score can be
 * @param grades the bands of the two-letter grade
 * @param salesReady when the lead is ready for sales
 */
public record ScoringModel(
        String version,
        FitGroup fit,
        EngagementGroup engagement,
        List<NegativeRule> negative,
        double totalCap,
        Grades grades,
        SalesReady salesReady)
        implements Serializable {

    /** Lead fields a fit or negative rule may test. */
    public static final List<String> FIELDS =
            List.of(
                    "channel",
                    "leadSource",
                    "campaign",
                    "medium",
                    "industry",
                    "country",
                    "segment",
                    "company",
                    "team",
                    "territory",
                    "employees");

    /** Behaviours a negative rule may name instead of a field or an activity. */
    public static final List<String> CONDITIONS =
            List.of("unsubscribed", "doNotCall", "badContactData");

    /**
     * Fit: the sum of the matching rules' points, at most {@code cap}.
     *
     * @param rules the rules
     * @param cap the most fit can be
     */
    public record FitGroup(List<FitRule> rules, double cap) implements Serializable {}

    /**
     * A fit rule: {@code points} when the lead's {@code field} is one of {@code values} (compared
     * without case), or for {@code employees}, within {@code [minEmployees, maxEmployees]}.
     */
    public record FitRule(
            String id,
            String field,
            Set<String> values,
            Integer minEmployees,
            Integer maxEmployees,
            double points)
            implements Serializable {}

    /**
     * Engagement: each matching activity's points, decayed, summed per rule and capped per rule,
     * summed and capped for the group. Exactly one of {@code halfLife} (points halve every
     * half-life) and {@code window} (only the last window counts) is set, or neither (no decay).
     *
     * @param floorAtZero whether behavioural negative rules can take engagement below zero
     */
    public record EngagementGroup(
            List<EngagementRule> rules,
            double cap,
            Duration halfLife,
            Duration window,
            boolean floorAtZero)
            implements Serializable {}

    /**
     * An engagement rule: {@code points} (positive) for each activity of one of {@code kinds} whose
     * URL contains one of {@code urlContains} and whose campaign is one of {@code campaigns} (each
     * test only when given); at most {@code cap} in all, after decay. A rule that sets {@code
     * halfLife} or {@code window} decays by it instead of by the group's (email clicks can fade in
     * a week while a demo request counts for a quarter); with both null it decays as the group
     * does.
     */
    public record EngagementRule(
            String id,
            Set<String> kinds,
            List<String> urlContains,
            Set<String> campaigns,
            double points,
            double cap,
            Duration halfLife,
            Duration window)
            implements Serializable {

        /** The half-life this rule's points decay by, or null. */
        public Duration halfLifeIn(EngagementGroup group) {
            return ownDecay() ? halfLife : group.halfLife();
        }

        /** The window this rule's points count in, or null. */
        public Duration windowIn(EngagementGroup group) {
            return ownDecay() ? window : group.window();
        }

        private boolean ownDecay() {
            return halfLife != null || window != null;
        }
    }

    /**
     * A negative rule: {@code points} (negative) once, when the lead's {@code field} is one of
     * {@code values} (counted in fit), or it had an activity of one of {@code activities}, or
     * {@code condition} holds (counted in engagement). Negative points never decay.
     */
    public record NegativeRule(
            String id,
            String field,
            Set<String> values,
            Set<String> activities,
            String condition,
            double points)
            implements Serializable {

        /** Whether the rule is about what the lead is (fit) rather than what it did. */
        public boolean aboutFit() {
            return field != null;
        }
    }

    /**
     * Grade bands: a fit letter (A at or above {@code fit[0]}, B at or above {@code fit[1]}, ...,
     * then the next letter) and an engagement digit (1 at or above {@code engagement[0]}, ...).
     */
    public record Grades(List<Double> fit, List<Double> engagement) implements Serializable {}

    /**
     * Sales ready: the total reaches {@code threshold} and every field in {@code requires} is
     * known; it stays so until the total falls below {@code release} or a required field is gone.
     */
    public record SalesReady(double threshold, double release, List<String> requires)
            implements Serializable {}
}
