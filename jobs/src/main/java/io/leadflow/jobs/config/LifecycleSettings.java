package io.leadflow.jobs.config;

import io.leadflow.jobs.lifecycle.TransitionPolicy;
import io.leadflow.jobs.sla.SlaPolicyFile;

import java.io.Serializable;

/**
 * The lifecycle and funnel rules sales and marketing agree on: which status changes are allowed
 * (see {@link TransitionPolicy}; a refused change is recorded as a rejected transition, never
 * applied), the conversion windows the cohort funnel reports, and the SLA policies sales is held
 * to. The policies are not re-validated by the withers: {@link SlaPolicyFile#read} checks them.
 */
public record LifecycleSettings(
        TransitionPolicy allowedTransitions,
        ConversionWindows conversionWindows,
        SlaPolicyFile slaPolicies)
        implements Serializable {

    public LifecycleSettings {
        allowedTransitions = Setting.LIFECYCLE_ALLOWED_TRANSITIONS.canonical(allowedTransitions);
        conversionWindows = Setting.LIFECYCLE_CONVERSION_WINDOWS.canonical(conversionWindows);
        slaPolicies = java.util.Objects.requireNonNull(slaPolicies, "slaPolicies");
    }

    public LifecycleSettings withAllowedTransitions(TransitionPolicy allowedTransitions) {
        return new LifecycleSettings(allowedTransitions, conversionWindows, slaPolicies);
    }

    public LifecycleSettings withConversionWindows(ConversionWindows conversionWindows) {
        return new LifecycleSettings(allowedTransitions, conversionWindows, slaPolicies);
    }

    /** Replaces the SLA policies, e.g. with ones built in a test. */
    public LifecycleSettings withSlaPolicies(SlaPolicyFile slaPolicies) {
        return new LifecycleSettings(allowedTransitions, conversionWindows, slaPolicies);
    }
}
