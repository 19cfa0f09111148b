package io.leadflow.jobs.sla;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The JSON form of an alert on the {@code leadflow.alerts} topic, as described by {@code
 * schemas/json/alert.schema.json}: times are ISO-8601 UTC, and {@code alertId} is stable, so
 * receivers drop the duplicates a restart may send (delivery is at least once).
 */
public final class SlaAlertJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SlaAlertJson() {}

    public static byte[] toBytes(SlaAlert alert) {
        ObjectNode node = JSON.createObjectNode();
        node.put("alertId", alert.alertId());
        node.put("type", alert.kind().type());
        node.put("policy", alert.policy());
        node.put("leadId", alert.leadId());
        node.put("owner", alert.owner());
        node.put("team", alert.team());
        node.put("recipient", alert.recipient());
        node.put("startedAt", iso(alert.startedAtMillis()));
        node.put("dueAt", iso(alert.dueAtMillis()));
        if (alert.stoppedAtMillis() != null) {
            node.put("stoppedAt", iso(alert.stoppedAtMillis()));
        }
        node.put("raisedAt", iso(alert.raisedAtMillis()));
        node.put("live", alert.live());
        if (!alert.detail().isEmpty()) {
            node.put("detail", alert.detail());
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
