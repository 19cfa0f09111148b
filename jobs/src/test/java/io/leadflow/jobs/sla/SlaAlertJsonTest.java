package io.leadflow.jobs.sla;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlaAlertJsonTest {

    private static final JsonSchema SCHEMA =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(
                            SchemaLocation.of("classpath:leadflow/schemas/alert.schema.json"),
                            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());

    @Test
    void alertsFollowTheirPublishedSchema() throws Exception {
        SlaAlert breach =
                new SlaAlert(
                        "L1/mql-15m/1767261600000/BREACH",
                        SlaAlert.Kind.BREACH,
                        "mql-15m",
                        "L1",
                        "rep-1",
                        "team-east",
                        "rep-1",
                        1_767_261_600_000L,
                        1_767_262_500_000L,
                        null,
                        1_767_262_500_250L,
                        Long.MAX_VALUE,
                        "");
        JsonNode json = new ObjectMapper().readTree(SlaAlertJson.toBytes(breach));
        assertThat(SCHEMA.validate(json)).isEmpty();
        assertThat(json.get("type").asText()).isEqualTo("sla.breach");
        assertThat(json.get("dueAt").asText()).isEqualTo("2026-01-01T10:15:00Z");
        assertThat(json.has("stoppedAt")).isFalse();

        SlaAlert resolved =
                new SlaAlert(
                        "L1/mql-15m/1767261600000/RESOLVED",
                        SlaAlert.Kind.RESOLVED,
                        "mql-15m",
                        "L1",
                        "",
                        "",
                        "",
                        1_767_261_600_000L,
                        1_767_262_500_000L,
                        1_767_262_800_000L,
                        1_767_262_800_500L,
                        SlaAlert.NEVER,
                        "");
        JsonNode resolvedJson = new ObjectMapper().readTree(SlaAlertJson.toBytes(resolved));
        assertThat(SCHEMA.validate(resolvedJson)).isEmpty();
        assertThat(resolvedJson.get("stoppedAt").asText()).isEqualTo("2026-01-01T10:20:00Z");
    }

    @Test
    void everyKindHasAPublishedTypeAndASlackText() throws Exception {
        for (SlaAlert.Kind kind : SlaAlert.Kind.values()) {
            SlaAlert alert =
                    new SlaAlert(
                            "L1/rule/1767261600000/" + kind,
                            kind,
                            "rule",
                            kind == SlaAlert.Kind.UNTOUCHED ? "" : "L1",
                            "rep-1",
                            "team-east",
                            kind == SlaAlert.Kind.ESCALATION ? "sales-managers" : "rep-1",
                            1_767_261_600_000L,
                            1_767_262_500_000L,
                            null,
                            1_767_262_500_250L,
                            Long.MAX_VALUE,
                            "some detail");
            JsonNode json = new ObjectMapper().readTree(SlaAlertJson.toBytes(alert));
            assertThat(SCHEMA.validate(json)).as(kind.name()).isEmpty();
            assertThat(json.get("type").asText()).isEqualTo(kind.type());
            assertThat(json.get("detail").asText()).isEqualTo("some detail");
            assertThat(SlackMessage.text(alert)).as(kind.name()).isNotBlank();
        }
        assertThat(
                        SlackMessage.text(
                                new SlaAlert(
                                        "x",
                                        SlaAlert.Kind.HOT_LEAD,
                                        "pricing-page",
                                        "L1",
                                        "rep-1",
                                        "team-east",
                                        "rep-1",
                                        0L,
                                        0L,
                                        null,
                                        0L,
                                        Long.MAX_VALUE,
                                        "page_view /pricing")))
                .isEqualTo(":fire: Hot lead L1 (rep-1): page_view /pricing (rule pricing-page)");
    }
}
