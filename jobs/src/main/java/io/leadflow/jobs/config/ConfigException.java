package io.leadflow.jobs.config;

import java.util.List;

/**
 * Thrown when configuration cannot be loaded. It carries every problem found, not just the first,
 * so that one run reveals everything to fix; the message lists them one per line. Secret values
 * never appear in it.
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, in the order they were found. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String message(List<ConfigProblem> problems) {
        StringBuilder message =
                new StringBuilder("Invalid leadflow configuration (")
                        .append(problems.size())
                        .append(problems.size() == 1 ? " problem):" : " problems):");
        for (ConfigProblem problem : problems) {
            message.append(System.lineSeparator()).append("  ").append(problem);
        }
        return message.toString();
    }
}
