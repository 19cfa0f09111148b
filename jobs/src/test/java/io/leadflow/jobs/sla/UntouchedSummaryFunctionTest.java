package io.leadflow.jobs.sla;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.leadflow.jobs.testing.Events.millis;
import static org.assertj.core.api.Assertions.assertThat;

class UntouchedSummaryFunctionTest {

    /** Summaries 30 s after each report time, of leads untouched for 7 days. */
    private static KeyedOneInputStreamOperatorTestHarness<String, UntouchedLead, SlaAlert> harness()
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new UntouchedSummaryFunction(Duration.ofSeconds(30), Duration.ofDays(7)),
                UntouchedLead::owner,
                Types.STRING);
    }

    @Test
    void oneSummaryPerOwnerAndReportOldestFirstWithTheRestCounted() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, UntouchedLead, SlaAlert> h = harness();
        long report = millis("2026-02-02T08:00:00Z");
        h.setProcessingTime(report + 1_000);
        for (int i = 0; i < 25; i++) {
            // L0 was touched 34 days before the report, L24 ten days before.
            h.processElement(
                    new UntouchedLead(
                            "L" + i,
                            "rep-7",
                            "team-east",
                            report - Duration.ofDays(34 - i).toMillis(),
                            report),
                    0L);
        }
        h.processElement(
                new UntouchedLead(
                        "M1", "rep-9", "team-west", report - Duration.ofDays(8).toMillis(), report),
                0L);
        h.setProcessingTime(report + 29_000);
        assertThat(h.extractOutputValues()).as("still collecting").isEmpty();
        h.setProcessingTime(report + 31_000);
        assertThat(h.extractOutputValues())
                .extracting(SlaAlert::owner, SlaAlert::recipient, SlaAlert::alertId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                "rep-7", "rep-7", "untouched/rep-7/" + report + "/UNTOUCHED"),
                        org.assertj.core.groups.Tuple.tuple(
                                "rep-9", "rep-9", "untouched/rep-9/" + report + "/UNTOUCHED"));
        SlaAlert rep7 =
                h.extractOutputValues().stream()
                        .filter(a -> a.owner().equals("rep-7"))
                        .findFirst()
                        .orElseThrow();
        assertThat(rep7.kind()).isEqualTo(SlaAlert.Kind.UNTOUCHED);
        assertThat(rep7.detail())
                .startsWith("25 open leads without activity for 7+ days: L0 (34 d), L1 (33 d)")
                .endsWith("L19 (15 d) and 5 more");
        h.close();
    }

    @Test
    void aSummaryForAReportTimeLongPastIsRecordedButPagesNobody() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, UntouchedLead, SlaAlert> h = harness();
        long report = millis("2026-02-02T08:00:00Z");
        // The job was down over Monday 08:00; restored at 14:00, the report timers fire at once.
        h.setProcessingTime(millis("2026-02-02T14:00:00Z"));
        h.processElement(
                new UntouchedLead(
                        "L1", "rep-7", "team-east", report - Duration.ofDays(9).toMillis(), report),
                0L);
        h.setProcessingTime(millis("2026-02-02T14:00:31Z"));
        SlaAlert summary = h.extractOutputValues().get(0);
        assertThat(summary.kind()).isEqualTo(SlaAlert.Kind.UNTOUCHED);
        assertThat(summary.live()).isFalse();
        assertThat(summary.pageableAt(millis("2026-02-02T14:00:31Z"))).isFalse();
        h.close();
    }

    @Test
    void aSummaryOnTimeIsNewsForAnHour() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, UntouchedLead, SlaAlert> h = harness();
        long report = millis("2026-02-02T08:00:00Z");
        h.setProcessingTime(report + 1_000);
        h.processElement(
                new UntouchedLead(
                        "L1", "rep-7", "team-east", report - Duration.ofDays(9).toMillis(), report),
                0L);
        h.setProcessingTime(report + 31_000);
        SlaAlert summary = h.extractOutputValues().get(0);
        assertThat(summary.live()).isTrue();
        assertThat(summary.pageableAt(millis("2026-02-02T08:59:00Z"))).isTrue();
        assertThat(summary.pageableAt(millis("2026-02-02T09:01:00Z"))).isFalse();
        h.close();
    }
}
