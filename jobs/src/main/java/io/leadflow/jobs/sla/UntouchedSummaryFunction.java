package io.leadflow.jobs.sla;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns one owner's untouched leads of a report time into one summary alert: how many, and the
 * longest-untouched first. Every lead's report timer fires at the same moment, so the owner's list
 * is complete a short grace period later; the summary goes out then.
 */
public final class UntouchedSummaryFunction
        extends KeyedProcessFunction<String, UntouchedLead, SlaAlert> {

    private static final long serialVersionUID = 1L;

    /** Leads named in a summary's detail; the count covers all. */
    static final int LISTED = 20;

    /**
     * How long after its report time (and the grace period) a summary is still news: a job that was
     * down over Monday 08:00 and restarts in the afternoon records the summary, pages nobody.
     */
    static final Duration FRESH_FOR = Duration.ofHours(1);

    private final Duration grace;
    private final Duration untouchedAfter;
    private transient ListState<UntouchedLead> pending;

    /**
     * @param grace how long after a report time the owner's list is taken as complete
     * @param untouchedAfter the report's threshold, for the summary's wording
     */
    public UntouchedSummaryFunction(Duration grace, Duration untouchedAfter) {
        this.grace = grace;
        this.untouchedAfter = untouchedAfter;
    }

    @Override
    public void open(OpenContext openContext) {
        pending =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "untouched-pending",
                                        TypeInformation.of(UntouchedLead.class)));
    }

    @Override
    public void processElement(UntouchedLead lead, Context ctx, Collector<SlaAlert> out)
            throws Exception {
        pending.add(lead);
        long now = ctx.timerService().currentProcessingTime();
        ctx.timerService()
                .registerProcessingTimeTimer(
                        Math.max(now, lead.reportAtMillis()) + grace.toMillis());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SlaAlert> out)
            throws Exception {
        List<UntouchedLead> due = new ArrayList<>();
        List<UntouchedLead> later = new ArrayList<>();
        for (UntouchedLead lead : pending.get()) {
            (lead.reportAtMillis() + grace.toMillis() <= timestamp ? due : later).add(lead);
        }
        pending.update(later);
        due.stream()
                .map(UntouchedLead::reportAtMillis)
                .distinct()
                .sorted()
                .forEach(
                        reportAt ->
                                out.collect(
                                        summary(
                                                ctx.getCurrentKey(),
                                                due.stream()
                                                        .filter(l -> l.reportAtMillis() == reportAt)
                                                        .toList(),
                                                reportAt,
                                                ctx.timerService().currentProcessingTime())));
    }

    private SlaAlert summary(String owner, List<UntouchedLead> leads, long reportAt, long now) {
        List<UntouchedLead> oldestFirst =
                leads.stream()
                        .distinct()
                        .sorted(
                                Comparator.comparingLong(UntouchedLead::touchedAtMillis)
                                        .thenComparing(UntouchedLead::leadId))
                        .toList();
        StringBuilder detail =
                new StringBuilder()
                        .append(oldestFirst.size())
                        .append(oldestFirst.size() == 1 ? " open lead" : " open leads")
                        .append(" without activity for ")
                        .append(untouchedAfter.toDays())
                        .append("+ days: ");
        for (int i = 0; i < Math.min(LISTED, oldestFirst.size()); i++) {
            UntouchedLead l = oldestFirst.get(i);
            detail.append(i == 0 ? "" : ", ")
                    .append(l.leadId())
                    .append(" (")
                    .append(Duration.ofMillis(reportAt - l.touchedAtMillis()).toDays())
                    .append(" d)");
        }
        if (oldestFirst.size() > LISTED) {
            detail.append(" and ").append(oldestFirst.size() - LISTED).append(" more");
        }
        String team = oldestFirst.get(0).team();
        return new SlaAlert(
                "untouched/" + owner + "/" + reportAt + "/UNTOUCHED",
                SlaAlert.Kind.UNTOUCHED,
                "untouched",
                "",
                owner,
                team,
                SlaAlert.recipientOf(owner, team),
                reportAt,
                reportAt,
                null,
                now,
                SlaAlert.freshUntil(reportAt, FRESH_FOR.plus(grace)),
                detail.toString());
    }
}
