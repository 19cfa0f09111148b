package io.leadflow.generator;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The expected end state of every generated lead, keyed by lead id in creation order. It depends
 * only on the set of valid events, never on delivery order, duplicates or malformed records, which
 * is exactly the correctness contract of SPEC section 3.
 *
 * @param leads expected state per lead id
 */
public record GroundTruth(Map<String, LeadTruth> leads) {

    public GroundTruth {
        leads = Collections.unmodifiableMap(new LinkedHashMap<>(leads));
    }

    public LeadTruth lead(String leadId) {
        return leads.get(leadId);
    }

    public Collection<LeadTruth> all() {
        return leads.values();
    }

    public int size() {
        return leads.size();
    }
}
