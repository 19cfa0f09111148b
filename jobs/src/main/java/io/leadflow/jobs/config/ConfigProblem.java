package io.leadflow.jobs.config;

/**
 * One thing wrong with the configuration, located precisely enough to fix it: {@code where} is the
 * source of the value ({@code leadflow.properties:12}, {@code environment
 * LEADFLOW_KAFKA_BOOTSTRAP}, {@code flag --job.parallelism} or {@code default}), {@code key} the
 * setting, {@code problem} what is wrong, and {@code got} the offending value — already masked for
 * secrets, or {@code null} when the key itself is the problem.
 */
public record ConfigProblem(String where, String key, String problem, String got) {

    /** Renders as {@code <where>: <key>: <problem> (got '<value>')}. */
    @Override
    public String toString() {
        return where + ": " + key + ": " + problem + (got == null ? "" : " (got '" + got + "')");
    }
}
