package io.leadflow.jobs.scoring;

import java.io.Serializable;
import java.util.List;

/**
 * A lead's score under one model at one moment, with its explanation.
 *
 * @param modelVersion the model
 * @param at the moment, epoch milliseconds
 * @param fit the fit score, negative fit rules included
 * @param engagement the engagement score, behavioural negative rules included
 * @param total fit plus engagement, at most the model's total cap
 * @param grade fit letter and engagement digit, e.g. {@code A1}
 * @param requirementsMet whether every field the sales-ready definition requires is known
 * @param contributions each contributing rule, in the model's order
 */
public record LeadScore(
        String modelVersion,
        long at,
        double fit,
        double engagement,
        double total,
        String grade,
        boolean requirementsMet,
        List<Contribution> contributions)
        implements Serializable {}
