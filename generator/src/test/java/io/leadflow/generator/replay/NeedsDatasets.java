package io.leadflow.generator.replay;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks tests that read the shared data sets ({@code ../shared/datasets}, never part of the
 * repository). They run when the data is found. On a fresh clone without it they are reported as
 * skipped, saying why, unless {@code LEADFLOW_REQUIRE_DATASETS=1}: then they run and fail with the
 * place they looked, so CI (whose {@code .ci/run} sets it) can never skip them silently.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NeedsDatasets.Condition.class)
public @interface NeedsDatasets {

    /** The variable that turns a missing data set into a failure. */
    String REQUIRED = "LEADFLOW_REQUIRE_DATASETS";

    /** Enabled when the data is there or required. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (OlistDataset.find().isPresent()) {
                return ConditionEvaluationResult.enabled("the shared data sets are present");
            }
            String required = System.getenv(REQUIRED);
            if ("1".equals(required) || "true".equalsIgnoreCase(required)) {
                return ConditionEvaluationResult.enabled(
                        REQUIRED + " is set: a missing data set fails the test");
            }
            return ConditionEvaluationResult.disabled(
                    "the shared data sets are not beside this checkout ($LEADFLOW_HOME/../"
                            + OlistDataset.RELATIVE
                            + " or a parent of the working directory); set "
                            + REQUIRED
                            + "=1 to fail instead of skipping");
        }
    }
}
