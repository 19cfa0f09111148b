package io.leadflow.jobs.sla;

import io.leadflow.schema.event.LeadStatus;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * One service-level agreement between marketing and sales: which leads it covers, the event that
 * starts its clock, what stops it, and how long the clock may run (in business hours when a
 * calendar is given). A warning is due at {@code warnAt} of the deadline; a breach that stays
 * unresolved for {@code escalateAfter} is escalated to {@code escalateTo}. The follow-up cadence
 * says how many attempts a lead needs within a period before it may be given up as unresponsive.
 *
 * @param name unique name, used in alerts and in {@code sla_breaches}
 * @param leads which leads the policy covers
 * @param start the event that starts the clock
 * @param stop what stops it
 * @param deadline how long the clock may run
 * @param businessHours when the clock runs; null for around the clock
 * @param warnAt the share of the deadline at which a warning is due, in (0, 1); null for none
 * @param escalateAfter how long after the deadline an unresolved breach is escalated; null for
 *     never
 * @param escalateTo who an escalation goes to (a team or channel name); null with escalateAfter
 * @param cadence the follow-up cadence; null for none
 * @param freshFor how long ago a deadline, escalation or cadence end may have passed, when the job
 *     finds it on the watermark (lagging, or late data), and still be raised live; older ones are
 *     history: recorded, not posted
 */
public record SlaPolicy(
        String name,
        LeadFilter leads,
        ClockStart start,
        ClockStop stop,
        Duration deadline,
        BusinessHours businessHours,
        Double warnAt,
        Duration escalateAfter,
        String escalateTo,
        Cadence cadence,
        Duration freshFor)
        implements Serializable {

    /** What starts an SLA clock. */
    public enum ClockStart {
        /** The lead was captured (lead.created). */
        CREATED,
        /** The lead became MQL (first time in the current cycle). */
        BECAME_MQL,
        /** The lead was assigned to an owner. */
        ASSIGNED
    }

    /**
     * What stops an SLA clock: the first outbound contact attempt, the first connect, or the lead
     * reaching {@code status}.
     *
     * @param kind FIRST_ATTEMPT, CONNECT or STATUS
     * @param status the status for kind STATUS, else null
     */
    public record ClockStop(Kind kind, LeadStatus status) implements Serializable {
        /** The kinds of stop condition. */
        public enum Kind {
            FIRST_ATTEMPT,
            CONNECT,
            STATUS
        }

        public ClockStop {
            Objects.requireNonNull(kind, "kind");
            if ((kind == Kind.STATUS) != (status != null)) {
                throw new IllegalArgumentException("a status stop names exactly one status");
            }
        }
    }

    /**
     * Which leads a policy covers; an empty set matches everything.
     *
     * @param statuses current statuses
     * @param sources marketing sources (lead_source)
     * @param channels capture channels
     * @param teams owner teams
     * @param minScore the least lead score, or null for any
     */
    public record LeadFilter(
            Set<LeadStatus> statuses,
            Set<String> sources,
            Set<String> channels,
            Set<String> teams,
            Integer minScore)
            implements Serializable {

        public LeadFilter {
            statuses = Set.copyOf(statuses);
            sources = Set.copyOf(sources);
            channels = Set.copyOf(channels);
            teams = Set.copyOf(teams);
        }

        /** A filter matching every lead. */
        public static LeadFilter all() {
            return new LeadFilter(Set.of(), Set.of(), Set.of(), Set.of(), null);
        }

        /** Whether a lead with these attributes is covered. */
        public boolean matches(
                LeadStatus status, String source, String channel, String team, Double score) {
            return (statuses.isEmpty() || statuses.contains(status))
                    && (sources.isEmpty() || sources.contains(source))
                    && (channels.isEmpty() || channels.contains(channel))
                    && (teams.isEmpty() || teams.contains(team))
                    && (minScore == null || (score != null && score >= minScore));
        }
    }

    /**
     * A follow-up cadence: at least {@code attempts} contact attempts within {@code within} before
     * a lead may be marked unresponsive.
     */
    public record Cadence(int attempts, Duration within) implements Serializable {}

    public SlaPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(leads, "leads");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(freshFor, "freshFor");
    }

    /** When the clock started at {@code started} is due. */
    public java.time.Instant dueAt(java.time.Instant started) {
        return businessHours == null
                ? started.plus(deadline)
                : businessHours.deadline(started, deadline);
    }

    /** When the warning for a clock started at {@code started} is due, or null without one. */
    public java.time.Instant warnAt(java.time.Instant started) {
        if (warnAt == null) {
            return null;
        }
        Duration share = Duration.ofMillis(Math.round(deadline.toMillis() * warnAt));
        return businessHours == null ? started.plus(share) : businessHours.deadline(started, share);
    }
}
