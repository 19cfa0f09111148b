package io.leadflow.jobs.scoring;

import java.io.Serializable;

/**
 * What one rule gave a score: its points as counted (after decay and its cap), and the points its
 * matches were worth before decay, so an explanation says what decayed.
 *
 * @param rule the rule id
 * @param group {@code fit}, {@code engagement} or {@code negative}
 * @param points the points counted
 * @param undecayed the points before decay and caps
 * @param matches how many activities (or 1 for a lead field) matched
 */
public record Contribution(String rule, String group, double points, double undecayed, int matches)
        implements Serializable {}
