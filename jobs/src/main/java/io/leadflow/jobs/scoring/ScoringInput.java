package io.leadflow.jobs.scoring;

import java.io.Serializable;

/**
 * What the lifecycle hands scoring for one applied event: the lead's facts after it, and the
 * activity, when the event was one.
 *
 * @param facts the lead's facts after the event
 * @param activity the activity, null for other events
 */
public record ScoringInput(LeadFacts facts, ScoredActivity activity) implements Serializable {}
