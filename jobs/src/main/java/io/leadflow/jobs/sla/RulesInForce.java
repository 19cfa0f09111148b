package io.leadflow.jobs.sla;

import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;

import java.io.Serializable;

/**
 * The alerting rules an operator applies right now: the ones it started with, until a document from
 * the config topic replaces them. The broadcast state keeps the accepted document as text (it was
 * validated before it was broadcast, and text needs no special serializer); each operator parses it
 * once per change and keeps the result.
 */
public final class RulesInForce implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The broadcast state holding the latest accepted rules document under {@link #KEY}. */
    public static final MapStateDescriptor<String, String> STATE =
            new MapStateDescriptor<>("alert-rules", Types.STRING, Types.STRING);

    public static final String KEY = "rules";

    private final AlertRules initial;
    private transient String parsedText;
    private transient AlertRules parsed;

    public RulesInForce(AlertRules initial) {
        this.initial = initial;
    }

    /** The rules in force given the operator's broadcast state. */
    public AlertRules current(ReadOnlyBroadcastState<String, String> state) throws Exception {
        String text = state.get(KEY);
        if (text == null) {
            return initial;
        }
        if (!text.equals(parsedText)) {
            parsed = AlertRules.parse(text, "config topic");
            parsedText = text;
        }
        return parsed;
    }
}
