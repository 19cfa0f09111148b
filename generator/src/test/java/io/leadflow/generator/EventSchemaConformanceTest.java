package io.leadflow.generator;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Every generated event validates against the JSON Schemas in {@code schemas/json}. */
class EventSchemaConformanceTest {

    private final EventSchemas schemas = new EventSchemas();

    @Test
    void everyGeneratedEventValidates() {
        GeneratedHistory history = GeneratedSamples.tenThousandLeads();

        for (LeadEvent event : history.events()) {
            assertThat(schemas.validate(event.toJson()))
                    .as("%s %s", event.type(), event.toJson())
                    .isEmpty();
        }
        Set<String> types =
                history.events().stream().map(LeadEvent::type).collect(Collectors.toSet());
        assertThat(types).containsExactlyInAnyOrderElementsOf(EventSchemas.TYPES);
    }

    @Test
    void schemasRejectWhatTheContractForbids() {
        LeadEvent created =
                GeneratedSamples.tenThousandLeads().events().stream()
                        .filter(e -> e.type().equals(LeadEvent.LEAD_CREATED))
                        .findFirst()
                        .orElseThrow();
        var badTime = created.toJson().put("occurredAt", "2026-03-01 09:30:00");
        var extraField = created.toJson().put("priority", "high");

        assertThat(schemas.validate(badTime)).isNotEmpty();
        assertThat(schemas.validate(extraField)).isNotEmpty();
    }
}
