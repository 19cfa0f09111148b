package io.leadflow.jobs.sla;

import io.leadflow.jobs.lifecycle.InboundActivity;
import io.leadflow.schema.event.Activity;
import io.leadflow.schema.event.LeadStatus;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A buying signal worth an immediate call: an inbound activity of one of some kinds (an RFQ, a
 * pricing-page visit), optionally only on pages whose URL contains one of some fragments, or only
 * when it made the lead's score jump, for the leads a filter covers (its {@code minScore} against
 * the score with the activity). The owner hears about it at once; the same lead does not page again
 * for the same rule within the cool-down, so ten clicks on the pricing page are one alert.
 *
 * @param name unique name, used in alerts
 * @param activities activity kinds that qualify (e.g. rfq, page_view)
 * @param urlContains URL fragments, any of which qualifies (case-insensitive); empty for any URL
 * @param leads which leads the rule covers (status filters the lead's current status)
 * @param cooldown least time, in event time, between two alerts of this rule for one lead
 * @param freshFor how old the activity may be, when the job sees it, and still notify anybody;
 *     older ones (a replay of history) are recorded but not live
 * @param scoreJump when set, the activity must also raise the lead's active score by at least this
 *     many points (the score with it against the score just before it); null for no such test
 */
public record HotLeadRule(
        String name,
        Set<String> activities,
        List<String> urlContains,
        SlaPolicy.LeadFilter leads,
        Duration cooldown,
        Duration freshFor,
        Double scoreJump)
        implements Serializable {

    public HotLeadRule {
        Objects.requireNonNull(name, "name");
        activities = Set.copyOf(activities);
        urlContains = urlContains.stream().map(f -> f.toLowerCase(Locale.ROOT)).toList();
        Objects.requireNonNull(leads, "leads");
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(freshFor, "freshFor");
    }

    /** Whether this inbound activity, on a lead with these attributes, makes the lead hot. */
    public boolean matches(InboundActivity signal) {
        Activity activity = signal.activity();
        if (!"inbound".equals(activity.direction()) || !activities.contains(activity.kind())) {
            return false;
        }
        if (!urlContains.isEmpty()) {
            String url = activity.url() == null ? "" : activity.url().toLowerCase(Locale.ROOT);
            if (urlContains.stream().noneMatch(url::contains)) {
                return false;
            }
        }
        LeadStatus status = statusOf(signal.status());
        if (!leads.statuses().isEmpty() && status == null) {
            return false;
        }
        if (scoreJump != null
                && (signal.score() == null || signal.score() - signal.scoreBefore() < scoreJump)) {
            return false;
        }
        return leads.matches(
                status, signal.leadSource(), signal.channel(), signal.team(), signal.score());
    }

    private static LeadStatus statusOf(String status) {
        for (LeadStatus s : LeadStatus.values()) {
            if (s.name().equals(status)) {
                return s;
            }
        }
        return null;
    }

    /** What an alert says about the activity. */
    public static String describe(Activity activity) {
        return activity.url() == null || activity.url().isEmpty()
                ? activity.kind()
                : activity.kind() + " " + activity.url();
    }
}
