package io.leadflow.jobs.sla;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the alerting stage acts on: the SLA policies and the hot-lead rules. One JSON document
 * holds both (see {@link SlaPolicies}); it is read from a file at start and replaced as a whole by
 * a valid document on the config topic.
 *
 * @param policies the SLA policies
 * @param hotLeads the hot-lead rules
 */
public record AlertRules(List<SlaPolicy> policies, List<HotLeadRule> hotLeads)
        implements Serializable {

    public AlertRules {
        policies = List.copyOf(policies);
        hotLeads = List.copyOf(hotLeads);
    }

    /** No rules: nothing is alerted. */
    public static AlertRules none() {
        return new AlertRules(List.of(), List.of());
    }

    /**
     * Parses a rules document.
     *
     * @param origin where the text came from, for messages
     * @throws SlaPolicyException listing every problem found
     */
    public static AlertRules parse(String text, String origin) {
        return SlaPolicies.parseRules(text, origin);
    }

    /**
     * What a valid document asks for that cannot take effect yet, one line per policy or rule, for
     * the operator to see next to the acceptance. Lead scores are not computed yet (scoring is its
     * own stage, SPEC section 6), so a {@code leads.minScore} filter matches no lead: the rule is
     * kept, because it becomes right the day scores exist, but silently covering nobody would look
     * like a broken alert.
     */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        for (SlaPolicy p : policies) {
            warnIfScored("policy '" + p.name() + "'", p.leads(), warnings);
        }
        for (HotLeadRule r : hotLeads) {
            warnIfScored("hot-lead rule '" + r.name() + "'", r.leads(), warnings);
        }
        return warnings;
    }

    private static void warnIfScored(
            String what, SlaPolicy.LeadFilter leads, List<String> warnings) {
        if (leads.minScore() != null) {
            warnings.add(
                    what
                            + ": leads.minScore: lead scores are not computed yet, so it covers no"
                            + " lead until they are");
        }
    }

    /** The policy called {@code name}, or null when there is none (any more). */
    public SlaPolicy policy(String name) {
        for (SlaPolicy p : policies) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
