package io.leadflow.jobs.operators;

import io.leadflow.jobs.io.ConfigMessage;
import io.leadflow.jobs.rows.DeadLetter;
import io.leadflow.jobs.sla.AlertRules;
import io.leadflow.jobs.sla.SlaPolicyException;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Checks each alerting-rules document published on the config topic before it reaches the alerting
 * operators. A valid one goes on, as text, to replace the rules in force; a bad one is refused with
 * every problem named, logged, and kept as a dead letter, and the rules in force stay. It runs once
 * (parallelism 1), so a refusal is reported once.
 */
public final class ValidateAlertRules extends ProcessFunction<ConfigMessage, String> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ValidateAlertRules.class);

    /** Refused documents. */
    public static final OutputTag<DeadLetter> REFUSED = new OutputTag<>("refused-rules") {};

    private final boolean scoring;

    /**
     * @param scoring whether the job scores leads, so SLA policies can filter by score
     */
    public ValidateAlertRules(boolean scoring) {
        this.scoring = scoring;
    }

    @Override
    public void processElement(ConfigMessage message, Context ctx, Collector<String> out) {
        String origin = message.origin();
        String text = new String(message.value(), StandardCharsets.UTF_8);
        try {
            AlertRules rules = AlertRules.parse(text, origin);
            LOG.info(
                    "alert rules accepted from {}: {} SLA policies, {} hot-lead rules",
                    origin,
                    rules.policies().size(),
                    rules.hotLeads().size());
            rules.warnings(scoring).forEach(w -> LOG.warn("alert rules from {}: {}", origin, w));
            out.collect(text);
        } catch (SlaPolicyException e) {
            LOG.warn("alert rules refused, the rules in force stay: {}", e.getMessage());
            ctx.output(REFUSED, message.refused("INVALID_RULES", e.getMessage()));
        }
    }
}
