package io.leadflow.jobs.config;

import io.leadflow.jobs.lifecycle.TransitionPolicy;

import java.io.Serializable;

/**
 * The lifecycle and funnel rules sales and marketing agree on: which status changes are allowed
 * (see {@link TransitionPolicy}; a refused change is recorded as a rejected transition, never
 * applied) and the conversion windows the cohort funnel reports.
 */
public record LifecycleSettings(
        TransitionPolicy allowedTransitions, ConversionWindows conversionWindows)
        implements Serializable {

    public LifecycleSettings {
        allowedTransitions = Setting.LIFECYCLE_ALLOWED_TRANSITIONS.canonical(allowedTransitions);
        conversionWindows = Setting.LIFECYCLE_CONVERSION_WINDOWS.canonical(conversionWindows);
    }

    public LifecycleSettings withAllowedTransitions(TransitionPolicy allowedTransitions) {
        return new LifecycleSettings(allowedTransitions, conversionWindows);
    }

    public LifecycleSettings withConversionWindows(ConversionWindows conversionWindows) {
        return new LifecycleSettings(allowedTransitions, conversionWindows);
    }
}
