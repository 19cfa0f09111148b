package io.leadflow.jobs.scoring;

import io.leadflow.jobs.scoring.ScoringModel.EngagementGroup;
import io.leadflow.jobs.scoring.ScoringModel.EngagementRule;
import io.leadflow.jobs.scoring.ScoringModel.FitRule;
import io.leadflow.jobs.scoring.ScoringModel.NegativeRule;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * A lead's score as a pure function of the model, its facts, its activities and the moment: no
 * nightly job, the score read at any second is the score of that second. Activities must be sorted
 * ({@link ScoredActivity#compareTo}); sums run in that order, so the same events give the same
 * figures to the last bit whatever order they arrived in.
 *
 * <p>Engagement points are positive and negative points do not decay, so between two activities a
 * score can only fall: {@link #fallsBelow} finds the first second it is below a level by bisection,
 * and {@link #peak} (the highest score up to a moment, used for calibration) is reached at an
 * activity.
 */
public final class LeadScorer {

    /**
     * Beyond this many half-lives engagement points are taken as gone when searching a crossing.
     */
    private static final int HALF_LIVES_TO_ZERO = 1_100;

    private LeadScorer() {}

    /** The lead's score at {@code at}: activities after it do not count yet. */
    public static LeadScore score(
            ScoringModel model, LeadFacts facts, List<ScoredActivity> activities, long at) {
        List<Contribution> contributions = new ArrayList<>();
        double fitPositive = 0;
        for (FitRule rule : model.fit().rules()) {
            if (matches(rule, facts)) {
                fitPositive += rule.points();
                contributions.add(
                        new Contribution(rule.id(), "fit", rule.points(), rule.points(), 1));
            }
        }
        double fit = Math.min(model.fit().cap(), fitPositive);
        double engagement = 0;
        EngagementGroup group = model.engagement();
        for (EngagementRule rule : group.rules()) {
            double points = 0;
            double undecayed = 0;
            int matches = 0;
            for (ScoredActivity activity : activities) {
                if (activity.at() > at) {
                    break;
                }
                if (matches(rule, activity)) {
                    matches++;
                    undecayed += rule.points();
                    points += rule.points() * decay(group, rule, at - activity.at());
                }
            }
            if (matches > 0) {
                double counted = Math.min(rule.cap(), points);
                engagement += counted;
                contributions.add(
                        new Contribution(rule.id(), "engagement", counted, undecayed, matches));
            }
        }
        engagement = Math.min(group.cap(), engagement);
        for (NegativeRule rule : model.negative()) {
            int matches = negativeMatches(rule, facts, activities, at);
            if (matches > 0) {
                contributions.add(
                        new Contribution(
                                rule.id(), "negative", rule.points(), rule.points(), matches));
                if (rule.aboutFit()) {
                    fit += rule.points();
                } else {
                    engagement += rule.points();
                }
            }
        }
        if (group.floorAtZero()) {
            engagement = Math.max(0, engagement);
        }
        double total = Math.min(model.totalCap(), fit + engagement);
        return new LeadScore(
                model.version(),
                at,
                fit,
                engagement,
                total,
                grade(model, fit, engagement),
                requirementsMet(model, facts),
                List.copyOf(contributions));
    }

    /**
     * The first whole second at or after {@code from} at which the score is below {@code level},
     * given no activity after {@code from}; empty if it never falls below it.
     */
    public static OptionalLong fallsBelow(
            ScoringModel model,
            LeadFacts facts,
            List<ScoredActivity> activities,
            long from,
            double level) {
        long lo = ceilSecond(from);
        if (total(model, facts, activities, lo) < level) {
            return OptionalLong.of(lo);
        }
        // Past the longest decay of any rule, every decaying point is gone.
        EngagementGroup group = model.engagement();
        long span = 0;
        for (EngagementRule rule : group.rules()) {
            Duration halfLife = rule.halfLifeIn(group);
            Duration window = rule.windowIn(group);
            if (halfLife != null) {
                span = Math.max(span, halfLife.toMillis() * HALF_LIVES_TO_ZERO);
            } else if (window != null) {
                span = Math.max(span, window.toMillis());
            }
        }
        if (span == 0) {
            return OptionalLong.empty();
        }
        long last = activities.isEmpty() ? lo : activities.get(activities.size() - 1).at();
        long hi = ceilSecond(Math.max(lo, last) + span) + 1_000;
        if (total(model, facts, activities, hi) >= level) {
            return OptionalLong.empty();
        }
        // The score does not go up between activities, so the first second below is a boundary.
        while (hi - lo > 1_000) {
            long mid = lo + (hi - lo) / 2_000 * 1_000;
            if (total(model, facts, activities, mid) < level) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return OptionalLong.of(hi);
    }

    /**
     * The highest score the lead had at any activity up to {@code until} (null: all of them), or at
     * {@code otherwise} (but not after {@code until}) when it had none: what calibration ranks
     * leads by, so a lead's score is not read after its outcome, nor after its interest has
     * decayed.
     */
    public static double peak(
            ScoringModel model,
            LeadFacts facts,
            List<ScoredActivity> activities,
            Long until,
            long otherwise) {
        double peak = Double.NEGATIVE_INFINITY;
        Sweep sweep = new Sweep(model);
        for (ScoredActivity activity : activities) {
            if (until != null && activity.at() > until) {
                break;
            }
            double engagement = sweep.add(activity);
            peak = Math.max(peak, combine(model, facts, activities, activity.at(), engagement));
        }
        if (peak == Double.NEGATIVE_INFINITY) {
            long at = until == null ? otherwise : Math.min(until, otherwise);
            return total(model, facts, activities, at);
        }
        return peak;
    }

    private static double total(
            ScoringModel model, LeadFacts facts, List<ScoredActivity> activities, long at) {
        return score(model, facts, activities, at).total();
    }

    /** The total from capped positive engagement at {@code at}, as {@link #score} adds it up. */
    private static double combine(
            ScoringModel model,
            LeadFacts facts,
            List<ScoredActivity> activities,
            long at,
            double engagementPositive) {
        double fitPositive = 0;
        for (FitRule rule : model.fit().rules()) {
            if (matches(rule, facts)) {
                fitPositive += rule.points();
            }
        }
        double fit = Math.min(model.fit().cap(), fitPositive);
        double engagement = Math.min(model.engagement().cap(), engagementPositive);
        for (NegativeRule rule : model.negative()) {
            if (negativeMatches(rule, facts, activities, at) > 0) {
                if (rule.aboutFit()) {
                    fit += rule.points();
                } else {
                    engagement += rule.points();
                }
            }
        }
        if (model.engagement().floorAtZero()) {
            engagement = Math.max(0, engagement);
        }
        return Math.min(model.totalCap(), fit + engagement);
    }

    /**
     * Engagement at each activity in turn, in O(rules) per activity: a rule's decayed sum decays as
     * a whole (every match of a rule shares its half-life), and a window keeps its matches.
     */
    private static final class Sweep {
        private final ScoringModel model;
        private final double[] sums;
        private final List<ArrayDeque<Long>> windows = new ArrayList<>();
        private long lastAt = Long.MIN_VALUE;

        Sweep(ScoringModel model) {
            this.model = model;
            this.sums = new double[model.engagement().rules().size()];
            for (int i = 0; i < sums.length; i++) {
                windows.add(new ArrayDeque<>());
            }
        }

        /** Adds an activity (in order) and returns the capped positive engagement at its moment. */
        double add(ScoredActivity activity) {
            EngagementGroup group = model.engagement();
            double engagement = 0;
            for (int i = 0; i < sums.length; i++) {
                EngagementRule rule = group.rules().get(i);
                boolean match = matches(rule, activity);
                Duration window = rule.windowIn(group);
                if (window != null) {
                    ArrayDeque<Long> kept = windows.get(i);
                    if (match) {
                        kept.addLast(activity.at());
                    }
                    while (!kept.isEmpty()
                            && activity.at() - kept.peekFirst() >= window.toMillis()) {
                        kept.removeFirst();
                    }
                    sums[i] = kept.size() * rule.points();
                } else {
                    if (lastAt != Long.MIN_VALUE) {
                        sums[i] *= decay(group, rule, activity.at() - lastAt);
                    }
                    if (match) {
                        sums[i] += rule.points();
                    }
                }
                engagement += Math.min(rule.cap(), sums[i]);
            }
            lastAt = activity.at();
            return engagement;
        }
    }

    /** What a point of {@code rule} earned {@code age} ago is worth now. */
    private static double decay(EngagementGroup group, EngagementRule rule, long age) {
        Duration halfLife = rule.halfLifeIn(group);
        if (halfLife != null) {
            return Math.pow(2, -(double) age / halfLife.toMillis());
        }
        Duration window = rule.windowIn(group);
        if (window != null) {
            return age < window.toMillis() ? 1 : 0;
        }
        return 1;
    }

    private static String grade(ScoringModel model, double fit, double engagement) {
        return String.valueOf((char) ('A' + band(model.grades().fit(), fit)))
                + (1 + band(model.grades().engagement(), engagement));
    }

    private static int band(List<Double> thresholds, double value) {
        int band = 0;
        while (band < thresholds.size() && value < thresholds.get(band)) {
            band++;
        }
        return band;
    }

    private static boolean requirementsMet(ScoringModel model, LeadFacts facts) {
        for (String field : model.salesReady().requires()) {
            if (facts.field(field).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(FitRule rule, LeadFacts facts) {
        if ("employees".equals(rule.field())) {
            Integer employees = facts.employees();
            return employees != null
                    && (rule.minEmployees() == null || employees >= rule.minEmployees())
                    && (rule.maxEmployees() == null || employees <= rule.maxEmployees());
        }
        return rule.values().contains(facts.field(rule.field()).toLowerCase(Locale.ROOT));
    }

    private static boolean matches(EngagementRule rule, ScoredActivity activity) {
        if (!rule.kinds().contains(activity.kind())) {
            return false;
        }
        if (!rule.campaigns().isEmpty() && !rule.campaigns().contains(activity.campaign())) {
            return false;
        }
        if (rule.urlContains().isEmpty()) {
            return true;
        }
        for (String part : rule.urlContains()) {
            if (activity.url().contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** How often a negative rule matched by {@code at} (a lead field counts once). */
    private static int negativeMatches(
            NegativeRule rule, LeadFacts facts, List<ScoredActivity> activities, long at) {
        if (rule.field() != null) {
            return rule.values().contains(facts.field(rule.field()).toLowerCase(Locale.ROOT))
                    ? 1
                    : 0;
        }
        if (rule.condition() != null) {
            return facts.holds(rule.condition()) ? 1 : 0;
        }
        int matches = 0;
        for (ScoredActivity activity : activities) {
            if (activity.at() > at) {
                break;
            }
            if (rule.activities().contains(activity.kind())) {
                matches++;
            }
        }
        return matches;
    }

    private static long ceilSecond(long millis) {
        return Math.floorDiv(millis + 999, 1_000) * 1_000;
    }
}
