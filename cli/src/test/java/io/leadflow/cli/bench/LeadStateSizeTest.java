package io.leadflow.cli.bench;

import io.leadflow.schema.event.LeadEvent;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.leadflow.jobs.testing.Events.created;
import static io.leadflow.jobs.testing.Events.outbound;
import static io.leadflow.jobs.testing.Events.status;
import static org.assertj.core.api.Assertions.assertThat;

class LeadStateSizeTest {

    @Test
    void growsWithTheHistoryAndStaysInTheHundredsOfBytesPerEvent() {
        LeadStateSize size = new LeadStateSize();
        List<LeadEvent> events = new ArrayList<>();
        events.add(created("L1", "2026-01-01T00:00:00Z", "web_form"));
        long one = size.bytes("L1", events);
        events.add(status("L1", "2026-01-02T00:00:00Z", "MQL", null));
        for (int i = 1; i <= 9; i++) {
            events.add(outbound("L1", "2026-01-0" + i + "T12:00:00Z", "call", "no_answer"));
        }
        long eleven = size.bytes("L1", events);
        assertThat(one).isPositive();
        assertThat(eleven).isGreaterThan(one);
        assertThat(eleven / events.size()).isBetween(20L, 1_000L);
    }
}
