package io.leadflow.jobs.operators;

import io.leadflow.jobs.rows.LeadScoreRow;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;

import java.util.List;

/**
 * Runs {@link LeadScoringFunction} as Flink runs any keyed broadcast function, and also lets it set
 * a lead's decay timer while a model change rescores it. Flink's broadcast side offers no timers:
 * with the plain operator, a quiet lead that a new model made sales ready would learn of its fall
 * below the release only at its next event. Rescoring visits each lead with the keyed state backend
 * set to that lead, so a timer registered then, on the function's own timer service ({@code
 * user-timers}), is the lead's and fires its {@code onTimer} like any other.
 */
public final class LeadScoringOperator
        extends CoBroadcastWithKeyedOperator<String, ScoringInput, String, LeadScoreRow> {

    private static final long serialVersionUID = 1L;

    /** The name under which {@link CoBroadcastWithKeyedOperator} keeps the function's timers. */
    private static final String USER_TIMERS = "user-timers";

    private final LeadScoringFunction scoring;

    public LeadScoringOperator(LeadScoringFunction function) {
        super(function, List.of(LeadScoringFunction.REGISTRY));
        this.scoring = function;
    }

    @Override
    public void open() throws Exception {
        super.open();
        InternalTimerService<VoidNamespace> timers =
                getInternalTimerService(USER_TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        scoring.rescoreTimers(at -> timers.registerEventTimeTimer(VoidNamespace.INSTANCE, at));
    }

    /** Scores {@code inputs} under the registries broadcast on {@code registries}. */
    public static SingleOutputStreamOperator<LeadScoreRow> apply(
            KeyedStream<ScoringInput, String> inputs,
            DataStream<String> registries,
            LeadScoringFunction function) {
        // ConnectedStreams keys the operator by its first, keyed, input, as a broadcast connection
        // does; the second reaches every subtask.
        return inputs.connect(registries.broadcast())
                .transform(
                        "lead-scoring",
                        TypeInformation.of(LeadScoreRow.class),
                        new LeadScoringOperator(function));
    }
}
