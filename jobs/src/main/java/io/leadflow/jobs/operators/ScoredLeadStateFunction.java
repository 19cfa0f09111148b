package io.leadflow.jobs.operators;

import io.leadflow.jobs.rows.LeadStateRow;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Objects;

/**
 * Gives each {@code lead_state} row the lead's score under the active model, so the central table
 * answers "what is this lead's score" on its own and agrees with {@code lead_score_current}. The
 * lifecycle's rows and the scoring operator's active scores arrive here by lead, in either order: a
 * row is written with the newest score, and a score that changes what the lead's last row says (a
 * decay, a model published, promoted or rolled back, or a score that overtook the row of its own
 * event) rewrites that row with the new stamp. A score for events the last row does not have yet
 * waits for their row, which the lifecycle always sends. A rewritten row keeps its {@code version}:
 * of equal versions ClickHouse keeps the one inserted last, which is the newest stamp.
 *
 * <p>Keeps the lead's last row, which makes lead rows the larger part of the job's state per lead
 * with scoring on (see BENCHMARKS.md).
 */
public final class ScoredLeadStateFunction
        extends KeyedCoProcessFunction<String, LeadStateRow, ActiveScore, LeadStateRow> {

    private static final long serialVersionUID = 1L;

    private transient ValueState<LeadStateRow> written;
    private transient ValueState<ActiveScore> newest;

    @Override
    public void open(OpenContext openContext) {
        written =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "scored-lead-row", TypeInformation.of(LeadStateRow.class)));
        newest =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "scored-lead-score",
                                        TypeInformation.of(ActiveScore.class)));
    }

    @Override
    public void processElement1(LeadStateRow row, Context ctx, Collector<LeadStateRow> out)
            throws Exception {
        LeadStateRow last = written.value();
        if (last != null && last.version() > row.version()) {
            return;
        }
        ActiveScore score = newest.value();
        LeadStateRow stamped = row.withScore(score == null ? null : score.score());
        written.update(stamped);
        out.collect(stamped);
    }

    @Override
    public void processElement2(ActiveScore score, Context ctx, Collector<LeadStateRow> out)
            throws Exception {
        newest.update(score);
        LeadStateRow last = written.value();
        if (last == null
                || last.version() < score.eventsApplied()
                || Objects.equals(last.score(), score.score())) {
            return;
        }
        LeadStateRow stamped = last.withScore(score.score());
        written.update(stamped);
        out.collect(stamped);
    }
}
