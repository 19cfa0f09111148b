package io.leadflow.generator.replay;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.List;

/**
 * Marks tests that read the shared data sets ({@code ../shared/datasets}, never part of the
 * repository), naming the data sets' directories (Olist when none is named). They run when the data
 * is found. On a fresh clone without it they are reported as skipped, saying why, unless {@code
 * LEADFLOW_REQUIRE_DATASETS=1}: then they run and fail with the place they looked, so CI (whose
 * {@code .ci/run} sets it) can never skip them silently.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NeedsDatasets.Condition.class)
public @interface NeedsDatasets {

    /** The variable that turns a missing data set into a failure. */
    String REQUIRED = "LEADFLOW_REQUIRE_DATASETS";

    /** The Olist marketing funnel's directory. */
    String OLIST = "olist-marketing-funnel";

    /** The X Education leads' directory. */
    String X_EDUCATION = "x-education-leads";

    /** The directories under {@code shared/datasets} the test reads. */
    String[] value() default {OLIST};

    /** Enabled when the data is there or required. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            List<String> missing =
                    Arrays.stream(needed(context))
                            .filter(name -> SharedDatasets.find(name).isEmpty())
                            .toList();
            if (missing.isEmpty()) {
                return ConditionEvaluationResult.enabled("the shared data sets are present");
            }
            String required = System.getenv(REQUIRED);
            if ("1".equals(required) || "true".equalsIgnoreCase(required)) {
                return ConditionEvaluationResult.enabled(
                        REQUIRED + " is set: a missing data set fails the test");
            }
            return ConditionEvaluationResult.disabled(
                    "the shared data sets "
                            + missing
                            + " are not beside this checkout ($LEADFLOW_HOME/../"
                            + SharedDatasets.RELATIVE
                            + " or a parent of the working directory); set "
                            + REQUIRED
                            + "=1 to fail instead of skipping");
        }

        private static String[] needed(ExtensionContext context) {
            return AnnotationSupport.findAnnotation(context.getElement(), NeedsDatasets.class)
                    .or(
                            () ->
                                    context.getTestClass()
                                            .flatMap(
                                                    c ->
                                                            AnnotationSupport.findAnnotation(
                                                                    c, NeedsDatasets.class)))
                    .map(NeedsDatasets::value)
                    .orElse(new String[] {OLIST});
        }
    }
}
