package io.leadflow.generator;

import java.time.Instant;

/**
 * One expected row of {@code rejected_transitions}: a status change the default transition policy
 * refuses (anything after WON but a recycle; PROSPECT after the first status).
 *
 * @param eventId the event that asked for it
 * @param from the lead's status at the time
 * @param to the status asked for
 * @param occurredAt the event's time
 */
public record LeadRejection(String eventId, String from, String to, Instant occurredAt) {}
