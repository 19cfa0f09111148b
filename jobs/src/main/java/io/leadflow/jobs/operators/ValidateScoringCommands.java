package io.leadflow.jobs.operators;

import io.leadflow.jobs.io.ConfigMessage;
import io.leadflow.jobs.rows.DeadLetter;
import io.leadflow.jobs.scoring.ScoringModelException;
import io.leadflow.jobs.scoring.ScoringRegistry;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Applies each scoring command from the config topic ({@link ScoringRegistry} lists them) to the
 * registry it keeps, and broadcasts the whole registry after each accepted one; a command that
 * cannot be applied (a bad model, an unknown version, a changed one) is logged, kept as a dead
 * letter, and the models in force stay. It is keyed by one constant, so the registry is in keyed
 * state and survives restarts, and every command is judged once, in order.
 */
public final class ValidateScoringCommands
        extends KeyedProcessFunction<String, ConfigMessage, String> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ValidateScoringCommands.class);

    /** Refused commands. */
    public static final OutputTag<DeadLetter> REFUSED = new OutputTag<>("refused-scoring") {};

    /** The one key of this operator's input. */
    public static final String KEY = "scoring";

    private final String initialRegistry;
    private transient ValueState<String> registry;

    /**
     * @param initial the registry at a fresh start: the model file's model, active
     */
    public ValidateScoringCommands(ScoringRegistry initial) {
        this.initialRegistry = initial.toJson();
    }

    @Override
    public void open(OpenContext openContext) {
        registry =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("scoring-registry", Types.STRING));
    }

    @Override
    public void processElement(ConfigMessage message, Context ctx, Collector<String> out)
            throws Exception {
        String origin = message.origin();
        String held = registry.value();
        ScoringRegistry now = ScoringRegistry.fromJson(held == null ? initialRegistry : held);
        try {
            ScoringRegistry next =
                    now.apply(new String(message.value(), StandardCharsets.UTF_8), origin);
            String text = next.toJson();
            registry.update(text);
            LOG.info(
                    "scoring command accepted from {}: active {}, shadow {}",
                    origin,
                    next.active(),
                    next.shadow() == null ? "none" : next.shadow());
            out.collect(text);
        } catch (ScoringModelException e) {
            LOG.warn("scoring command refused, the models in force stay: {}", e.getMessage());
            ctx.output(REFUSED, message.refused("INVALID_SCORING", e.getMessage()));
        }
    }
}
