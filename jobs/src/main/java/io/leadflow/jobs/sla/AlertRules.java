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
     * What a valid document asks for that cannot take effect, one line per policy or rule, for the
     * operator to see next to the acceptance. A {@code leads.minScore} or a hot-lead rule's {@code
     * scoreJump} tests the lead's score under the active scoring model, so without scoring it
     * matches no lead. The rule is kept, but silently covering nobody would look like a broken
     * alert.
     *
     * @param scoring whether the job scores leads ({@code scoring.model-file})
     */
    public List<String> warnings(boolean scoring) {
        List<String> warnings = new ArrayList<>();
        for (SlaPolicy p : policies) {
            if (!scoring && p.leads().minScore() != null) {
                warnings.add(
                        "policy '"
                                + p.name()
                                + "': leads.minScore: the job scores no lead"
                                + " (scoring.model-file is empty), so it covers no lead");
            }
        }
        for (HotLeadRule r : hotLeads) {
            if (!scoring && (r.leads().minScore() != null || r.scoreJump() != null)) {
                warnings.add(
                        "hot-lead rule '"
                                + r.name()
                                + "': "
                                + (r.scoreJump() != null ? "scoreJump" : "leads.minScore")
                                + ": the job scores no lead (scoring.model-file is empty), so it"
                                + " covers no lead");
            }
        }
        return warnings;
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
