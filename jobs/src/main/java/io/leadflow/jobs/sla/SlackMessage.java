package io.leadflow.jobs.sla;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The Slack-compatible webhook body of an alert: {@code {"text": ..., "alert": {...}}}. Slack (and
 * Mattermost, Teams workflows, most chat tools) show {@code text}; {@code alert} carries the same
 * fields as the alerts topic for receivers that want them.
 */
public final class SlackMessage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SlackMessage() {}

    public static byte[] of(SlaAlert alert) {
        ObjectNode body = JSON.createObjectNode();
        body.put("text", text(alert));
        try {
            body.set("alert", JSON.readTree(SlaAlertJson.toBytes(alert)));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String text(SlaAlert alert) {
        String who = alert.owner().isEmpty() ? "unassigned" : alert.owner();
        String due = Instant.ofEpochMilli(alert.dueAtMillis()).toString();
        return switch (alert.kind()) {
            case WARNING ->
                    ":hourglass: Lead "
                            + alert.leadId()
                            + " ("
                            + who
                            + ") is due under SLA "
                            + alert.policy()
                            + " at "
                            + due;
            case BREACH ->
                    ":rotating_light: SLA "
                            + alert.policy()
                            + " breached: lead "
                            + alert.leadId()
                            + " ("
                            + who
                            + ") was due at "
                            + due
                            + " and has not been handled";
            case RESOLVED ->
                    ":white_check_mark: Lead "
                            + alert.leadId()
                            + " ("
                            + who
                            + ") handled "
                            + minutesLate(alert)
                            + " after its "
                            + alert.policy()
                            + " deadline";
            case ESCALATION ->
                    ":arrow_double_up: Escalated to "
                            + alert.recipient()
                            + ": lead "
                            + alert.leadId()
                            + " breached SLA "
                            + alert.policy()
                            + " ("
                            + alert.detail()
                            + ")";
            case CADENCE ->
                    ":repeat: Follow-up cadence "
                            + alert.policy()
                            + " missed for lead "
                            + alert.leadId()
                            + " ("
                            + who
                            + "): "
                            + alert.detail();
            case HOT_LEAD ->
                    ":fire: Hot lead "
                            + alert.leadId()
                            + " ("
                            + who
                            + "): "
                            + alert.detail()
                            + " (rule "
                            + alert.policy()
                            + ")";
            case UNTOUCHED -> ":zzz: " + who + ": " + alert.detail();
        };
    }

    private static String minutesLate(SlaAlert alert) {
        long stopped =
                alert.stoppedAtMillis() == null ? alert.raisedAtMillis() : alert.stoppedAtMillis();
        return Duration.ofMillis(Math.max(0, stopped - alert.dueAtMillis())).toMinutes() + " min";
    }
}
